import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { Clock } from "../shared/clock";
import { listSettlementRuns } from "../settlement/list-settlement-runs";
import { readSettlementSetting } from "../settlement/settlement-settings";
import { checkPoolInvariants } from "./check-pool-invariants";
import { poolCalendar } from "./pool-phase";

/** The console's pool page: the calendar, holders and points, the share ratio, invariant violations, the last 12 settlements. */
export async function readPoolOverview(tx: DbOrTx, clock: Clock) {
  const [row] = await tx.execute<{ holders: string; points: string | null }>(sql`SELECT COUNT(*) FILTER (WHERE points > 0) AS holders, SUM(points) AS points FROM pool_holdings`);
  return {
    calendar: poolCalendar(clock.now()),
    holders: Number(row?.holders ?? 0),
    totalPoints: Number(row?.points ?? 0),
    settings: await readSettlementSetting(tx, "pool"),
    violations: await checkPoolInvariants(tx),
    runs: (await listSettlementRuns(tx, { job: "pool-settlement", limit: 12 })).items,
  };
}
