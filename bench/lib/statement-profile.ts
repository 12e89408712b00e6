import { AsyncLocalStorage } from "node:async_hooks";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "@/db/schema";
import type { Db, DbHandle } from "@/db/client";
import { summarize, type LatencySummary } from "./stats";

/**
 * Client-side statement timing, for benchmarks only: postgres.js calls its `debug` hook as each
 * statement is written to the connection; the hook stamps it into the trace of the operation that
 * issued it (AsyncLocalStorage). Each statement is charged the time until the next statement (or
 * mark) of the same operation: its round trip(s), the server's work, any lock wait, and the
 * client code that ran before the next one. Transaction control (BEGIN, SAVEPOINT, COMMIT) is
 * traced too. Keep the pool at least as large as the number of concurrent operations, so no
 * statement is queued and sent from another operation's context.
 */

export interface TraceEvent {
  label: string;
  /** Bound parameters: postgres.js sends a parameterized unnamed statement as Parse/Describe, waits for the parameter types, then Bind/Execute (two round trips). */
  params: number;
  t: number;
  mark?: boolean;
}

export class StatementProfiler {
  private readonly als = new AsyncLocalStorage<TraceEvent[]>();
  readonly traces: TraceEvent[][] = [];

  /** The postgres.js `debug` option. */
  readonly hook = (_connection: number, query: string, parameters: unknown[]) => {
    this.als.getStore()?.push({ label: statementLabel(query, parameters), params: parameters.length, t: performance.now() });
  };

  /** Runs one operation with its own trace (kept when `keep`). */
  async run<T>(keep: boolean, fn: () => Promise<T>): Promise<T> {
    const events: TraceEvent[] = [];
    try {
      return await this.als.run(events, fn);
    } finally {
      if (keep) this.traces.push(events);
    }
  }

  /** Stamps a boundary (e.g. "join returned") into the current operation's trace. */
  mark(label: string): void {
    this.als.getStore()?.push({ label, params: 0, t: performance.now(), mark: true });
  }
}

/** A drizzle handle like createDb's, whose client reports every statement to `profiler`. */
export function createProfiledDb(url: string, max: number, profiler: StatementProfiler): DbHandle {
  const client = postgres(url, { max, onnotice: () => {}, debug: profiler.hook });
  const db = drizzle(client, { schema });
  return { db, client, close: () => client.end({ timeout: 5 }) };
}

/** A short, stable name for a statement: transaction control by verb, advisory locks by key prefix, else the SQL from FROM / INTO on. */
export function statementLabel(query: string, parameters: unknown[]): string {
  const s = query.replace(/"/g, "").replace(/\s+/g, " ").trim();
  const verb = /^(\w+)/.exec(s)?.[1]?.toLowerCase() ?? "?";
  if (["begin", "commit", "rollback", "savepoint", "release"].includes(verb)) return verb.toUpperCase() + (verb === "release" ? " SAVEPOINT" : "");
  if (/pg_advisory_xact_lock/i.test(s)) return `advisory lock ${String(parameters[0] ?? "").split(":")[0]}`;
  if (/pg_notify/i.test(s)) return "pg_notify";
  const cut = (x: string, n = 72) => (x.length > n ? `${x.slice(0, n - 1)}…` : x);
  if (verb === "select") {
    const from = / from (.*)$/i.exec(s);
    return cut(`select … from ${from?.[1] ?? s}`);
  }
  return cut(s);
}

export interface ProfileRow {
  phase: string;
  label: string;
  calls: number;
  roundTrips: number;
  totalMs: number;
}

export interface ProfileSummary {
  ops: number;
  rows: ProfileRow[];
  /** From the seat lock being granted to the join returning (its COMMIT done), per join. */
  seatLockHold: LatencySummary;
  /** From asking for the seat lock to getting it (round trips included), per join. */
  seatLockWait: LatencySummary;
  joinMs: LatencySummary;
  drawMs: LatencySummary;
  statementsPerJoin: number;
  roundTripsPerJoin: number;
  statementsPerDraw: number;
  roundTripsPerDraw: number;
  draws: number;
}

/**
 * Folds traces of "join transaction, mark(joinMark), [draw transactions], mark(endMark)" into per-statement
 * totals by phase ("join" before joinMark, "draw" after), plus the hold and wait of `seatLockLabel`.
 */
export function summarizeTraces(traces: TraceEvent[][], opts: { joinMark: string; endMark: string; seatLockLabel: string }): ProfileSummary {
  const rows = new Map<string, ProfileRow>();
  const hold: number[] = [];
  const wait: number[] = [];
  const joinMs: number[] = [];
  const drawMs: number[] = [];
  let joinStatements = 0;
  let joinRoundTrips = 0;
  let drawStatements = 0;
  let drawRoundTrips = 0;
  let draws = 0;
  for (const ev of traces) {
    const joinAt = ev.findIndex((e) => e.mark && e.label === opts.joinMark);
    const endAt = ev.findIndex((e) => e.mark && e.label === opts.endMark);
    if (joinAt < 0 || endAt < 0) continue;
    joinMs.push(ev[joinAt]!.t - ev[0]!.t);
    if (endAt > joinAt + 1) {
      draws++;
      drawMs.push(ev[endAt]!.t - ev[joinAt]!.t);
    }
    for (let i = 0; i < endAt; i++) {
      const e = ev[i]!;
      const phase = i < joinAt ? "join" : "draw";
      const label = e.mark ? `(client code after ${e.label})` : e.label;
      const rt = e.mark ? 0 : e.params > 0 ? 2 : 1;
      if (!e.mark) {
        if (phase === "join") {
          joinStatements++;
          joinRoundTrips += rt;
        } else {
          drawStatements++;
          drawRoundTrips += rt;
        }
      }
      const key = `${phase}|${label}`;
      const row = rows.get(key) ?? { phase, label, calls: 0, roundTrips: 0, totalMs: 0 };
      row.calls++;
      row.roundTrips += rt;
      row.totalMs += ev[i + 1]!.t - e.t;
      rows.set(key, row);
    }
    const lockAt = ev.findIndex((e, i) => i < joinAt && e.label === opts.seatLockLabel);
    if (lockAt >= 0 && lockAt + 1 <= joinAt) {
      wait.push(ev[lockAt + 1]!.t - ev[lockAt]!.t);
      hold.push(ev[joinAt]!.t - ev[lockAt + 1]!.t);
    }
  }
  const ops = joinMs.length;
  return {
    ops,
    rows: [...rows.values()],
    seatLockHold: summarize(hold),
    seatLockWait: summarize(wait),
    joinMs: summarize(joinMs),
    drawMs: summarize(drawMs),
    statementsPerJoin: joinStatements / Math.max(1, ops),
    roundTripsPerJoin: joinRoundTrips / Math.max(1, ops),
    statementsPerDraw: drawStatements / Math.max(1, draws),
    roundTripsPerDraw: drawRoundTrips / Math.max(1, draws),
    draws,
  };
}

/**
 * Milliseconds of `SELECT 1` (no parameter: one round trip) and `SELECT $1` (postgres.js, unnamed
 * statement: Parse/Describe, wait, then Bind/Execute: two round trips) over one connection: the
 * median of `rounds` alternating rounds of `n` each, so a burst of load elsewhere hits both alike.
 */
export async function measureRoundTrips(db: Db, n = 200, rounds = 5): Promise<{ plainMs: number; paramMs: number }> {
  const time = async (fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await fn();
    return (performance.now() - t0) / n;
  };
  const plain = () => db.execute(sql`SELECT 1`);
  const param = () => db.execute(sql`SELECT ${1}::int`);
  await time(plain);
  await time(param);
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < rounds; r++) {
    a.push(await time(plain));
    b.push(await time(param));
  }
  return { plainMs: summarize(a).p50, paramMs: summarize(b).p50 };
}
