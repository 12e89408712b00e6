import { dbUrl, withAdmin } from "../../tests/helpers/pg-admin";
import { buildIfStale } from "./build-if-stale";
import { prepareDatabase, type DemoAccount } from "./database";
import type { ManagedChild } from "./child";
import { startNext } from "./next-server";

export interface FreshServer {
  databaseUrl: string;
  accounts: DemoAccount[];
  next: ManagedChild;
}

/**
 * `next start` on a fresh database: `database` dropped and created on TEST_PG_URL's server (local
 * only), migrated and seeded with the demo data, then a build if the sources changed. The e2e server
 * and `npm run bench:pages` start theirs this way, each on its own database and port.
 */
export async function startFreshServer(
  projectDir: string,
  { database, port, env, ownProcessGroup }: { database: string; port: number; env: NodeJS.ProcessEnv; ownProcessGroup: boolean },
): Promise<FreshServer> {
  await recreateLocalDatabase(database);
  const databaseUrl = dbUrl(database);
  const accounts = await prepareDatabase(databaseUrl);
  const serverEnv: NodeJS.ProcessEnv = { ...env, DATABASE_URL: databaseUrl, AUTH_TRUST_HOST: "true", NODE_ENV: "production" };
  await buildIfStale(projectDir, serverEnv);
  const next = startNext(projectDir, { mode: "start", port, env: serverEnv, ownProcessGroup });
  return { databaseUrl, accounts, next };
}

export async function recreateLocalDatabase(name: string): Promise<void> {
  await dropLocalDatabase(name);
  await withAdmin((sql) => sql.unsafe(`CREATE DATABASE ${safeName(name)}`));
}

export async function dropLocalDatabase(name: string): Promise<void> {
  await withAdmin((sql) => sql.unsafe(`DROP DATABASE IF EXISTS ${safeName(name)} WITH (FORCE)`));
}

function safeName(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe database name ${name}`);
  return name;
}
