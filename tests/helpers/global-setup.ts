import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { migrateDatabase } from "@/db/migrate";
import { dbUrl, withAdmin } from "./pg-admin";

declare module "vitest" {
  export interface ProvidedContext {
    templateDb: string;
  }
}

/**
 * Migrates one template database per run (a name of its own, so runs sharing a server cannot drop
 * each other's); every test file clones it (CREATE DATABASE … TEMPLATE). Dropped at the end.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const name = `pinpin_tpl_${randomBytes(5).toString("hex")}`;
  await withAdmin((sql) => sql.unsafe(`CREATE DATABASE ${name}`));
  await migrateDatabase(dbUrl(name));
  project.provide("templateDb", name);
  return () => withAdmin((sql) => sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined);
}
