import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // The real package throws outside React Server Components; tests call server modules directly.
      "server-only": path.resolve(import.meta.dirname, "tests/helpers/server-only-stub.ts"),
    },
  },
  test: {
    include: ["tests/**/*.test.ts", "server/**/*.test.ts"],
    globalSetup: ["tests/helpers/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Files run in parallel workers, each against its own database; 2 cores here.
    maxWorkers: 2,
    // The demo seed draws ad creatives into the upload folder: a temporary one for tests, not .data/.
    env: { TZ: "UTC", PINPIN_UPLOADS_DIR: path.join(os.tmpdir(), "pinpin-test-uploads") },
  },
});
