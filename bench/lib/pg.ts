import postgres from "postgres";

/** The URL of database `name` on the server `baseUrl` points at. */
export function databaseUrl(baseUrl: string, name: string): string {
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Drops (forcibly) and creates database `name`, connecting through `adminUrl`. */
export async function recreateDatabase(adminUrl: string, name: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe database name ${name}`);
  await dropDatabase(adminUrl, name);
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe database name ${name}`);
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export async function serverInfo(adminUrl: string): Promise<{ version: string; settings: Record<string, string> }> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [v] = await sql<{ server_version: string }[]>`SHOW server_version`;
    const rows = await sql<{ name: string; setting: string; unit: string | null }[]>`
      SELECT name, setting, unit FROM pg_settings
      WHERE name IN ('max_connections', 'shared_buffers', 'synchronous_commit', 'fsync', 'deadlock_timeout')`;
    return {
      version: v?.server_version ?? "?",
      settings: Object.fromEntries(rows.map((r) => [r.name, r.unit ? `${r.setting}${r.unit === "8kB" ? "×8kB" : r.unit}` : r.setting])),
    };
  } finally {
    await sql.end({ timeout: 5 });
  }
}
