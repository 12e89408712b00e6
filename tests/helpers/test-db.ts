import { randomBytes } from "node:crypto";
import { createDb, type DbHandle } from "@/db/client";
import { inject } from "vitest";
import { dbUrl, withAdmin } from "./pg-admin";

export interface TestDb extends DbHandle {
  url: string;
  /** Closes every connection and drops the database. */
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file. */
export async function createTestDb(options: { max?: number; synchronousCommit?: boolean } = {}): Promise<TestDb> {
  const name = `pinpin_t_${randomBytes(6).toString("hex")}`;
  await withAdmin((sql) => sql.unsafe(`CREATE DATABASE ${name} TEMPLATE ${inject("templateDb")}`));
  const url = dbUrl(name);
  const handle = createDb(url, { max: options.max ?? 5, synchronousCommit: options.synchronousCommit });
  return {
    ...handle,
    url,
    async drop() {
      await handle.close();
      await withAdmin((sql) => sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
