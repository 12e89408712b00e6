import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { activities, drawCounters, promoterStatus } from "@/db/schema";
import { ActivityConfigSchema } from "../shared/activity-config";
import { noWinEntriesLeft } from "../draw/eligibility";

/** 推广员有效期 and 不中奖特权: the user's promoter validity and, per activity, entries that cannot win. */
export async function readDrawStatus(tx: DbOrTx, userId: string, now: Date) {
  const [promoter] = await tx.select().from(promoterStatus).where(eq(promoterStatus.userId, userId));
  const counters = await tx
    .select({ activityId: activities.id, activityName: activities.name, config: activities.config, c: drawCounters })
    .from(drawCounters)
    .innerJoin(activities, eq(activities.id, drawCounters.activityId))
    .where(eq(drawCounters.userId, userId));
  const privileges = counters
    .map((r) => ({ activityId: r.activityId, activityName: r.activityName, noWinEntriesLeft: noWinEntriesLeft(ActivityConfigSchema.parse(r.config).rules, r.c) }))
    .filter((p) => p.noWinEntriesLeft > 0);
  return {
    promoterValidUntil: promoter?.validUntil ?? null,
    promoterValid: !!promoter && promoter.validUntil > now,
    privileges,
  };
}
