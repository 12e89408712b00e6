import { performance } from "node:perf_hooks";
import { summarize, type LatencySummary } from "./stats";

export interface LoadResult {
  seconds: number;
  ok: number;
  /** Failed operations by error code (DomainError code or SQLSTATE). */
  errors: Record<string, number>;
  /** Successful operations per second. */
  tps: number;
  latency: LatencySummary;
}

/** A DomainError's code, else the PostgreSQL SQLSTATE found on the error or its causes, else its name. */
export function errorCode(e: unknown): string {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur; i++) {
    const c = cur as { code?: unknown; cause?: unknown };
    if (typeof c.code === "string") return c.code;
    cur = c.cause;
  }
  return (e as Error)?.name ?? "unknown";
}

/**
 * Runs `op` in `concurrency` closed loops (each starts its next operation when the previous one
 * ends) for `warmupMs` unmeasured, then `durationMs` measured. Latency covers successful operations.
 */
export async function runClosedLoop(
  opts: { concurrency: number; durationMs: number; warmupMs: number },
  op: (worker: number, seq: number) => Promise<unknown>,
): Promise<LoadResult> {
  const samples: number[] = [];
  const errors: Record<string, number> = {};
  let ok = 0;
  let seq = 0;
  const startAt = performance.now();
  const measureFrom = startAt + opts.warmupMs;
  const endAt = measureFrom + opts.durationMs;

  const worker = async (w: number) => {
    for (;;) {
      const t0 = performance.now();
      if (t0 >= endAt) return;
      const measured = t0 >= measureFrom;
      try {
        await op(w, seq++);
        if (measured) {
          ok++;
          samples.push(performance.now() - t0);
        }
      } catch (e) {
        if (measured) {
          const code = errorCode(e);
          errors[code] = (errors[code] ?? 0) + 1;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, (_, w) => worker(w)));
  const seconds = (performance.now() - measureFrom) / 1000;
  return { seconds, ok, errors, tps: ok / seconds, latency: summarize(samples) };
}
