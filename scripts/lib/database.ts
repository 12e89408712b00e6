import postgres from "postgres";
import { createDb } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { seedDemoData } from "@/scripts/seed/seed";
import { systemClock } from "@/server/domain/shared/clock";

export type DemoAccount = Awaited<ReturnType<typeof seedDemoData>>[number];

/** The same server and credentials as `url`, another database. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates database `name` on the server of `adminUrl` unless it exists; returns its URL. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const found = await sql`select 1 from pg_database where datname = ${name}`;
    if (found.length === 0) await sql`create database ${sql(name)}`;
  } finally {
    await sql.end({ timeout: 5 });
  }
  return withDatabase(adminUrl, name);
}

/** Applies pending migrations, then the (idempotent) demo data, printing what a first seed made; returns the demo accounts. */
export async function prepareDatabase(url: string): Promise<DemoAccount[]> {
  await migrateDatabase(url);
  // The seed is thousands of small transactions; none needs to wait for the disk (see createDb).
  const handle = createDb(url, { max: 1, synchronousCommit: false });
  try {
    return await seedDemoData(handle.db, systemClock, (line) => console.log(line));
  } finally {
    await handle.close();
  }
}
