import { migrateDatabase } from "@/db/migrate";
import { TEMPLATE_DB, dbUrl, withAdmin } from "./pg-admin";

/** Migrates one template database; every test file clones it (CREATE DATABASE … TEMPLATE). */
export default async function setup(): Promise<void> {
  await withAdmin(async (sql) => {
    await sql.unsafe(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await sql.unsafe(`CREATE DATABASE ${TEMPLATE_DB}`);
  });
  await migrateDatabase(dbUrl(TEMPLATE_DB));
}
