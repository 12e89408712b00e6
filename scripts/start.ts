/**
 * `npm start`: everything needed to try the app, with no manual steps. Without DATABASE_URL it
 * runs a PostgreSQL of its own (embedded, data in .data/pg), then: secrets, migrations, demo
 * data, a production build when the sources changed, and `next start`. `--dev` runs `next dev`.
 * Ctrl-C stops Next.js, then the database.
 */
import path from "node:path";
import { buildIfStale } from "./lib/build-if-stale";
import { ensureDatabase, prepareDatabase } from "./lib/database";
import { startEmbeddedDb } from "./lib/embedded-db";
import { startChild } from "./lib/child";
import { startNext, waitUntilServing } from "./lib/next-server";
import { formatAccounts } from "./lib/print-accounts";
import { loadSecrets } from "./lib/secrets";
import { isShuttingDown, onShutdown, shutdown, shutdownIfItExits, shutdownOnSignals } from "./lib/shutdown";

const projectDir = path.resolve(import.meta.dirname, "..");
const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);

async function main(): Promise<void> {
  shutdownOnSignals();

  let databaseUrl = process.env.DATABASE_URL;
  let databaseNote = "DATABASE_URL";
  if (!databaseUrl) {
    const pgPort = Number(process.env.PINPIN_PG_PORT ?? 54329);
    const db = await startEmbeddedDb({ projectDir, port: pgPort, dataDir: process.env.PINPIN_DATA_DIR });
    onShutdown(async () => {
      await db.stop();
      console.log("PostgreSQL stopped.");
    });
    shutdownIfItExits("PostgreSQL", db.exited);
    databaseUrl = await ensureDatabase(db.adminUrl, "pinpin");
    const shownDir = db.dataDir.startsWith(projectDir + path.sep) ? path.relative(projectDir, db.dataDir) : db.dataDir;
    databaseNote = `embedded PostgreSQL on 127.0.0.1:${pgPort}, data in ${shownDir}`;
  }

  const secrets = loadSecrets(path.join(projectDir, ".data", "secrets.json"));
  const accounts = await prepareDatabase(databaseUrl);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...secrets,
    DATABASE_URL: databaseUrl,
    AUTH_TRUST_HOST: "true",
    NODE_ENV: dev ? "development" : "production",
  };
  // The movable clock is for the e2e server only (server/test-clock.ts); never pass it on from a shell.
  delete env.E2E_TEST_CLOCK;
  if (!dev) await buildIfStale(projectDir, env);

  const next = startNext(projectDir, { mode: dev ? "dev" : "start", port, env, ownProcessGroup: true });
  onShutdown(async () => {
    await next.stop();
    console.log("Next.js stopped.");
  });
  shutdownIfItExits("Next.js", next.exited);
  // The background jobs (group timeouts, draws left undone) run beside the app, as `npm run worker` would.
  const worker = startChild(path.join(projectDir, "node_modules", ".bin", "tsx"), ["--conditions=react-server", path.join(projectDir, "scripts", "worker.ts")], {
    cwd: projectDir,
    env,
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
    stopSignal: "SIGTERM",
  });
  onShutdown(async () => {
    await worker.stop();
    console.log("Worker stopped.");
  });
  const url = `http://localhost:${port}`;
  await waitUntilServing(url, next, dev ? 180_000 : 60_000);

  console.log(`\npinpin is running at ${url}  (${dev ? "development" : "production"}; ${databaseNote})`);
  console.log(`\nDemo accounts:\n${formatAccounts(accounts)}\n\nPress Ctrl-C to stop.`);
}

main().catch((error: unknown) => {
  if (isShuttingDown()) return; // a step failed because we are stopping on request
  console.error(error);
  void shutdown(1);
});
