import type { Db } from "@/db/client";
import type { Clock } from "../shared/clock";
import { recordAudit, type Actor } from "../audit/record-audit";
import { runDailyDividend } from "./daily-dividend";
import type { OutcomeHook, SettlementRun } from "./run-settlement-job";
import { runStaticRelease } from "./static-release";

export type SettlementDayJob = "daily-dividend" | "static-release";

export interface SettlementDayOutcome {
  ranNow: boolean;
  run: SettlementRun | null;
  /** The static release is switched off: nothing ran. */
  skipped: boolean;
}

/**
 * An operator runs (or re-runs) a day's job from the console. A day already paid is a no-op
 * (`ranNow` false). The audit row is written in the transaction that finished the run or found it
 * done, so a run is never paid without its audit row, nor audited without its outcome.
 */
export async function runSettlementDay(db: Db, clock: Clock, actor: Actor, input: { job: SettlementDayJob; day: string }): Promise<SettlementDayOutcome> {
  const audit = { action: "settlement.run", targetType: "settlement_run", targetId: `${input.job}:${input.day}` };
  const onOutcome: OutcomeHook = (tx, out) => recordAudit(tx, clock, actor, { ...audit, after: { ranNow: out.ranNow, skipped: false } });
  const spec = { day: input.day, startedBy: actor.id, onOutcome };
  const out = input.job === "daily-dividend" ? await runDailyDividend(db, clock, spec) : await runStaticRelease(db, clock, spec);
  if (out) return { ranNow: out.ranNow, run: out.run, skipped: false };
  await db.transaction((tx) => recordAudit(tx, clock, actor, { ...audit, after: { ranNow: false, skipped: true } }));
  return { ranNow: false, run: null, skipped: true };
}
