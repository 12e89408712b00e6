/**
 * An operator's run of a settlement day (admin.settlement.runDay): the audit row is written by the
 * transaction that finishes the run, so a paid run always has its audit row and an audit row always
 * its outcome; a re-run of a paid day is audited as a no-op.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { FixedClock } from "@/server/domain/shared/clock";
import { runSettlementDay, type SettlementDayJob } from "@/server/domain/settlement/run-settlement-day";
import { writeSettlementSetting } from "@/server/domain/settlement/settlement-settings";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { TEST_ACTOR } from "../helpers/group-fixtures";

let t: TestDb;
const later = new FixedClock("2035-01-01T00:00:00Z");

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t?.drop());

/** The transaction ids that wrote a run's row and its audit rows (same id: same transaction). */
async function writers(job: SettlementDayJob, day: string) {
  const [run] = await t.db.execute<{ x: string }>(sql`SELECT xmin::text AS x FROM settlement_runs WHERE run_key = ${`${job}:${day}`}`);
  const audits = await t.db.execute<{ x: string; after: { ranNow: boolean; skipped: boolean } }>(
    sql`SELECT xmin::text AS x, after FROM audit_log WHERE action = 'settlement.run' AND target_id = ${`${job}:${day}`} ORDER BY id`,
  );
  return { run: run?.x, audits };
}

describe("runSettlementDay", () => {
  it.each(["daily-dividend", "static-release"] as const)("%s: the audit row commits with the run; a re-run is audited as a no-op", async (job) => {
    await writeSettlementSetting(t.db, later, TEST_ACTOR, "staticRelease", { enabled: true, baseBp: 10, accelerationBp: 0 });
    const day = job === "daily-dividend" ? "2030-03-01" : "2030-03-02";
    const first = await runSettlementDay(t.db, later, TEST_ACTOR, { job, day });
    expect(first).toMatchObject({ ranNow: true, skipped: false, run: { status: "done" } });
    const again = await runSettlementDay(t.db, later, TEST_ACTOR, { job, day });
    expect(again.ranNow).toBe(false);
    const w = await writers(job, day);
    expect(w.audits.map((a) => a.after)).toEqual([{ ranNow: true, skipped: false }, { ranNow: false, skipped: false }]);
    expect(w.audits[0]?.x).toBe(w.run);
  });

  it("a static release that is off runs nothing and is audited as skipped", async () => {
    await writeSettlementSetting(t.db, later, TEST_ACTOR, "staticRelease", { enabled: false, baseBp: 10, accelerationBp: 0 });
    expect(await runSettlementDay(t.db, later, TEST_ACTOR, { job: "static-release", day: "2030-03-03" })).toEqual({ ranNow: false, run: null, skipped: true });
    const w = await writers("static-release", "2030-03-03");
    expect(w.run).toBeUndefined();
    expect(w.audits.map((a) => a.after)).toEqual([{ ranNow: false, skipped: true }]);
  });
});
