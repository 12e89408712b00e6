import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { summarize, type LatencySummary } from "./stats";

export interface PgbenchResult {
  clients: number;
  tps: number;
  latency: LatencySummary;
  failed: number;
}

/** The pgbench version line, or null when no `pgbench` binary is on PATH (or PGBENCH points nowhere). */
export function pgbenchVersion(bin = pgbenchBin()): string | null {
  const r = spawnSync(bin, ["--version"], { encoding: "utf8" });
  if (r.error || r.status !== 0) return null;
  return r.stdout.trim();
}

export function pgbenchBin(): string {
  return process.env.PGBENCH ?? "pgbench";
}

function run(bin: string, args: string[], cwd?: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve({ stdout, stderr }) : reject(new Error(`${bin} ${args.join(" ")} exited ${code}:\n${stderr || stdout}`)),
    );
  });
}

/** `pgbench -i -s <scale>`: the TPC-B-like tables, into an existing (empty) database. */
export async function pgbenchInit(url: string, scale: number): Promise<void> {
  await run(pgbenchBin(), ["-i", "-q", "-s", String(scale), url]);
}

/**
 * The built-in TPC-B-like script for `seconds` with `clients` connections and prepared statements.
 * tps comes from pgbench's own summary; latency percentiles from its per-transaction log (-l).
 */
export async function pgbenchRun(url: string, opts: { clients: number; threads: number; seconds: number }): Promise<PgbenchResult> {
  const logDir = await mkdtemp(path.join(tmpdir(), "pinpin-pgbench-"));
  try {
    const { stdout } = await run(
      pgbenchBin(),
      ["-c", String(opts.clients), "-j", String(opts.threads), "-T", String(opts.seconds), "-M", "prepared", "-l", "--log-prefix", "tx", url],
      logDir,
    );
    const tps = parseTps(stdout);
    const samples: number[] = [];
    let failed = 0;
    for (const f of await readdir(logDir)) {
      for (const line of (await readFile(path.join(logDir, f), "utf8")).split("\n")) {
        // client_id transaction_no time script_no time_epoch time_us [schedule_lag]; time is µs,
        // or "failed"/"skipped" instead of a number.
        const cols = line.trim().split(/\s+/);
        if (cols.length < 6) continue;
        const us = Number(cols[2]);
        if (Number.isFinite(us)) samples.push(us / 1000);
        else failed++;
      }
    }
    return { clients: opts.clients, tps, latency: summarize(samples), failed };
  } finally {
    await rm(logDir, { recursive: true, force: true });
  }
}

/** "tps = 1234.56 (without initial connection time)" (PostgreSQL 14+), else the first tps line. */
export function parseTps(stdout: string): number {
  const m = /tps = ([0-9.]+) \((?:without|excluding) (?:initial )?connection/.exec(stdout) ?? /tps = ([0-9.]+)/.exec(stdout);
  if (!m) throw new Error(`could not find tps in pgbench output:\n${stdout}`);
  return Number(m[1]);
}

/** One yardstick run with its line in the bench's log; null when there is no pgbench binary. */
export async function runPgbenchLogged(url: string, opts: { clients: number; seconds: number }, label: string, log: (msg: string) => void): Promise<PgbenchResult | null> {
  if (!pgbenchVersion()) return null;
  log(`pgbench -c ${opts.clients} -j 2 -T ${opts.seconds} -M prepared (${label})`);
  const r = await pgbenchRun(url, { clients: opts.clients, threads: 2, seconds: opts.seconds });
  log(`  ${r.tps.toFixed(0)} tps, p50 ${r.latency.p50.toFixed(2)} ms, p99 ${r.latency.p99.toFixed(2)} ms`);
  return r;
}
