import { performance } from "node:perf_hooks";
import { errorCode, type LoadResult } from "./load";
import { summarize } from "./stats";

/**
 * Runs `op` in `concurrency` closed loops (each starts its next operation when the previous one
 * ends) until `total` operations have been started, or until `durationMs` has passed when given.
 * `warmup` operations run first, unmeasured, and all of them finish before measurement starts.
 * Latency covers successful operations; failures are counted by code (DomainError code or SQLSTATE).
 * The `seq` given to `op` is unique across warm-up and measurement; `onMeasureStart` runs in between.
 */
export async function runFixedLoad(
  opts: { concurrency: number; total: number; warmup: number; durationMs?: number; onMeasureStart?: () => Promise<void> },
  op: (worker: number, seq: number, measured: boolean) => Promise<unknown>,
): Promise<LoadResult> {
  let seq = 0;
  const phase = async (limit: number, durationMs: number | undefined, measured: boolean) => {
    const samples: number[] = [];
    const errors: Record<string, number> = {};
    let ok = 0;
    let started = 0;
    const t0 = performance.now();
    const endAt = durationMs === undefined ? Number.POSITIVE_INFINITY : t0 + durationMs;
    const worker = async (w: number) => {
      for (;;) {
        const s = performance.now();
        if (s >= endAt || (durationMs === undefined && started >= limit)) return;
        started++;
        try {
          await op(w, seq++, measured);
          ok++;
          samples.push(performance.now() - s);
        } catch (e) {
          const code = errorCode(e);
          errors[code] = (errors[code] ?? 0) + 1;
        }
      }
    };
    await Promise.all(Array.from({ length: opts.concurrency }, (_, w) => worker(w)));
    const seconds = (performance.now() - t0) / 1000;
    return { seconds, ok, errors, tps: ok / seconds, latency: summarize(samples) };
  };
  if (opts.warmup > 0) await phase(opts.warmup, undefined, false);
  await opts.onMeasureStart?.();
  return phase(opts.total, opts.durationMs, true);
}
