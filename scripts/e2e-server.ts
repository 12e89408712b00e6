/**
 * Playwright's web server: a fresh database `pinpin_e2e` on TEST_PG_URL's server (local only),
 * migrated and seeded, then `next start` on E2E_PORT (3100) after a build if the sources changed.
 */
import path from "node:path";
import { dbUrl, withAdmin } from "../tests/helpers/pg-admin";
import { buildIfStale } from "./lib/build-if-stale";
import { prepareDatabase } from "./lib/database";
import { E2E_DATABASE, e2ePort, e2eSecrets } from "./lib/e2e-env";
import { startNext } from "./lib/next-server";
import { isShuttingDown, onShutdown, shutdown, shutdownIfItExits, shutdownOnSignals } from "./lib/shutdown";

const projectDir = path.resolve(import.meta.dirname, "..");

async function main(): Promise<void> {
  shutdownOnSignals();
  await withAdmin(async (sql) => {
    await sql.unsafe(`DROP DATABASE IF EXISTS ${E2E_DATABASE} WITH (FORCE)`);
    await sql.unsafe(`CREATE DATABASE ${E2E_DATABASE}`);
  });
  const databaseUrl = dbUrl(E2E_DATABASE);
  await prepareDatabase(databaseUrl);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...e2eSecrets(),
    DATABASE_URL: databaseUrl,
    AUTH_TRUST_HOST: "true",
    NODE_ENV: "production",
    // Specs move the server clock through /api/e2e/clock (server/test-clock.ts; on only with this database).
    E2E_TEST_CLOCK: "1",
  };
  await buildIfStale(projectDir, env);
  const port = e2ePort();
  const next = startNext(projectDir, { mode: "start", port, env, ownProcessGroup: false });
  onShutdown(() => next.stop());
  shutdownIfItExits("Next.js", next.exited);
  console.log(`e2e server: http://127.0.0.1:${port} on database ${E2E_DATABASE}`);
}

main().catch((error: unknown) => {
  if (isShuttingDown()) return;
  console.error(error);
  void shutdown(1);
});
