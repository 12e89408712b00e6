import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions, PHONE } from "./e2e/helpers/chromium";
import { E2E_DATABASE, e2ePort, e2eSecrets } from "./scripts/lib/e2e-env";
import { dbUrl } from "./tests/helpers/pg-admin";

const baseURL = `http://127.0.0.1:${e2ePort()}`;

// Specs run in worker processes that inherit this environment: the server's address, its
// database (to inspect or arrange state) and its secrets (to sign a gateway webhook).
Object.assign(process.env, { E2E_BASE_URL: baseURL, E2E_DATABASE_URL: dbUrl(E2E_DATABASE), ...e2eSecrets() });

export default defineConfig({
  testDir: "e2e",
  // Specs arrange state through domain modules, which import "server-only" (it throws outside the
  // react-server condition): stubbed for them, as vitest does (tsconfig.e2e.json).
  tsconfig: "./tsconfig.e2e.json",
  // Not the default `test-results`: Playwright empties its output folder, and unit.json lives there.
  outputDir: "test-results/e2e-artifacts",
  // Screenshots a spec takes with testInfo.snapshotPath("name.png"): e2e/screenshots/<project>-name.png (git-ignored).
  snapshotPathTemplate: "{testDir}/screenshots/{projectName}-{arg}{ext}",
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  reporter: [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  use: {
    baseURL,
    browserName: "chromium",
    launchOptions: chromiumLaunchOptions,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "shopper",
      testMatch: "**/*.shopper.spec.ts",
      use: { ...PHONE },
    },
    {
      name: "console",
      testMatch: "**/*.console.spec.ts",
      use: { viewport: { width: 1440, height: 900 } },
    },
    {
      name: "default",
      testMatch: "**/*.spec.ts",
      testIgnore: ["**/*.shopper.spec.ts", "**/*.console.spec.ts"],
    },
  ],
  webServer: {
    command: "node_modules/.bin/tsx --conditions=react-server scripts/e2e-server.ts",
    url: baseURL,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    // SIGTERM lets the server stop Next.js itself; the default would be SIGKILL.
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
  },
});
