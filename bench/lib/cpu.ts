import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
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

/** A process's parent and its CPU milliseconds (user + system, all threads) so far, from /proc/<pid>/stat; null when unreadable. */
function procStat(pid: number): { ppid: number; cpuMs: number } | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // Fields after "(comm)": state is field 3, ppid 4; utime and stime are fields 14 and 15.
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { ppid: Number(f[1]), cpuMs: ((Number(f[11]) + Number(f[12])) * 1000) / clockTicks() };
}

/**
 * CPU milliseconds used so far by process `root` and every descendant alive now (a server started
 * through a launcher such as tsx runs in a child of the pid we spawned); null when /proc cannot tell.
 */
export function processTreeCpuMs(root: number): number | null {
  const stats = new Map<number, { ppid: number; cpuMs: number }>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const s = procStat(Number(name));
    if (s) stats.set(Number(name), s);
  }
  if (!stats.has(root)) return null;
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
      if (p === root) return true;
      const s = stats.get(p);
      if (!s) return false;
      p = s.ppid;
    }
    return false;
  };
  let ms = 0;
  for (const [pid, s] of stats) if (inTree(pid)) ms += s.cpuMs;
  return ms;
}

/** CPU milliseconds (user + system) used so far by each client backend connected to `dbName`, by pid; null when /proc cannot tell. */
export async function backendCpuMs(adminUrl: string, dbName: string): Promise<Map<number, number> | null> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ pid: number }[]>`
      SELECT pid FROM pg_stat_activity WHERE datname = ${dbName} AND backend_type = 'client backend' AND pid <> pg_backend_pid()`;
    const out = new Map<number, number>();
    for (const { pid } of rows) {
      const stat = procStat(pid);
      if (!stat) return null; // not on this machine (or not readable)
      out.set(pid, stat.cpuMs);
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
