import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import postgres from "postgres";

/**
 * CPU time spent by the client process and by the PostgreSQL backends of one database, to tell
 * whether a benchmark is bound by the app tier, the server, or waiting. Backend CPU comes from
 * /proc/<pid>/stat, so it is only known when the server runs on this machine (else null).
 */

/** This process's user + system CPU so far, in milliseconds. */
export function clientCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    const r = spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" });
    ticksPerSecond = Number(r.stdout?.trim()) || 100;
  }
  return ticksPerSecond;
}

/** CPU milliseconds (user + system) used so far by each client backend connected to `dbName`, by pid; null when /proc cannot tell. */
export async function backendCpuMs(adminUrl: string, dbName: string): Promise<Map<number, number> | null> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ pid: number }[]>`
      SELECT pid FROM pg_stat_activity WHERE datname = ${dbName} AND backend_type = 'client backend' AND pid <> pg_backend_pid()`;
    const out = new Map<number, number>();
    for (const { pid } of rows) {
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      } catch {
        return null; // not on this machine (or not readable)
      }
      // Fields after "(comm)": state is field 3; utime and stime are fields 14 and 15.
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(pid, ((Number(f[11]) + Number(f[12])) * 1000) / clockTicks());
    }
    return out;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** CPU ms used between two backendCpuMs snapshots (backends that appeared in between count from zero). */
export function backendCpuDelta(before: Map<number, number> | null, after: Map<number, number> | null): number | null {
  if (!before || !after) return null;
  let ms = 0;
  for (const [pid, v] of after) ms += v - (before.get(pid) ?? 0);
  return ms;
}
