import "server-only";
import type { DbOrTx } from "@/db/client";
import { activities, activityItems } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";
import { recordAudit, type Actor } from "../audit/record-audit";
import { openGroup } from "../groups/open-group";
import { ActivityInputSchema } from "../shared/activity-config";
import { checkItemProducts } from "./item-products";

/** Validates an activity (K < N, 1–10 items at one price, ratios in range, the prize cap, items' products in the catalog) and opens its first group. */
export async function createActivity(tx: DbOrTx, clock: Clock, actor: Actor, raw: unknown): Promise<{ id: string; groupId: string }> {
  const parsed = ActivityInputSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new DomainError("INVALID_ACTIVITY", { detail: first ? `${first.path.join(".")}: ${first.message}` : "?" });
  }
  const input = parsed.data;
  await checkItemProducts(tx, input.items);
  const now = clock.now();
  const [activity] = await tx
    .insert(activities)
    .values({ name: input.name, priceFen: input.priceFen, groupSize: input.groupSize, winners: input.winners, opensAt: input.opensAt, closesAt: input.closesAt ?? null, config: input.config, createdAt: now, updatedAt: now })
    .returning();
  if (!activity) throw new DomainError("INTERNAL");
  await tx.insert(activityItems).values(
    input.items.map((item, position) => ({ activityId: activity.id, kind: item.kind, name: item.name, imageUrl: item.imageUrl ?? null, productId: item.productId ?? null, position })),
  );
  const group = await openGroup(tx, clock, activity);
  await recordAudit(tx, clock, actor, { action: "activity.create", targetType: "activity", targetId: activity.id, after: input });
  return { id: activity.id, groupId: group.id };
}
