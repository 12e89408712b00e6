import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { activities, activityItems, gatewayJoins, groups, paymentOrders, type PaymentProviderName } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";
import { isActivityOpen } from "../shared/activity-open";
import { joinActivityBatch, joinerRefusal, type JoinRequest, type JoinResult } from "./join-activity";
import { notifyUsers } from "./notify-group-event";
import { readAccountStanding } from "../users/account-standing";

/**
 * 参团 through the payment gateway, step 1: opens a payment order for the price of the activity's open
 * group (the server's price, never the client's) and records what the shopper asked for. Nothing is
 * seated yet: the seat is taken when the capture commits (joinFromCapture). The entry id is the
 * client's tap, so a double tap gets the same payment order back.
 */
export async function createGatewayJoin(
  tx: DbOrTx,
  clock: Clock,
  input: JoinRequest & { activityId: string; provider?: PaymentProviderName },
): Promise<{ paymentOrderId: string; amountFen: number; provider: PaymentProviderName }> {
  // Taps of one entry id wait for each other, so a retry finds the first tap's order instead of
  // colliding with it on the unique entry id.
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${"gateway-join:" + input.entryId}, 0))`);
  const [previous] = await tx.select().from(gatewayJoins).where(eq(gatewayJoins.entryId, input.entryId));
  if (previous) {
    if (previous.userId !== input.userId) throw new DomainError("CONFLICT");
    const [order] = await tx.select({ amountFen: paymentOrders.amountFen, provider: paymentOrders.provider }).from(paymentOrders).where(eq(paymentOrders.id, previous.paymentOrderId));
    if (!order) throw new Error(`gateway join ${input.entryId}: its payment order is missing`);
    return { paymentOrderId: previous.paymentOrderId, amountFen: order.amountFen, provider: order.provider };
  }
  const refused = joinerRefusal(await readAccountStanding(tx, input.userId));
  if (refused) throw refused;
  const now = clock.now();
  const [activity] = await tx.select().from(activities).where(eq(activities.id, input.activityId));
  if (!activity) throw new DomainError("NOT_FOUND");
  if (!isActivityOpen(activity, now)) throw new DomainError("ACTIVITY_NOT_OPEN");
  const [item] = await tx
    .select({ id: activityItems.id })
    .from(activityItems)
    .where(and(eq(activityItems.id, input.itemId), eq(activityItems.activityId, activity.id), eq(activityItems.active, true)));
  if (!item) throw new DomainError("ITEM_NOT_IN_ACTIVITY");
  const [open] = await tx
    .select({ priceFen: groups.priceFen })
    .from(groups)
    .where(and(eq(groups.activityId, activity.id), eq(groups.status, "open")));

  const [order] = await tx
    .insert(paymentOrders)
    .values({ userId: input.userId, purpose: "group_join", amountFen: open?.priceFen ?? activity.priceFen, provider: input.provider ?? "sandbox", createdAt: now })
    .returning({ id: paymentOrders.id, amountFen: paymentOrders.amountFen, provider: paymentOrders.provider });
  if (!order) throw new DomainError("INTERNAL");
  await tx.insert(gatewayJoins).values({ paymentOrderId: order.id, entryId: input.entryId, userId: input.userId, activityId: activity.id, itemId: item.id, createdAt: now });
  return { paymentOrderId: order.id, amountFen: order.amountFen, provider: order.provider };
}

/**
 * Step 2, in the capture webhook's transaction, after the captured amount was credited to the
 * shopper's cash: takes the seat, paid from that cash, exactly as a cash join would (same checks, same
 * seat queue). If the join can no longer be made (paused, a second seat, the price raised meanwhile),
 * the money stays in the shopper's cash wallet and they are told why. Runs once per payment order.
 */
export async function joinFromCapture(tx: DbOrTx, clock: Clock, paymentOrderId: string): Promise<(JoinResult & { activityId: string }) | null> {
  const [intent] = await tx.select().from(gatewayJoins).where(eq(gatewayJoins.paymentOrderId, paymentOrderId)).for("update");
  if (!intent || intent.status !== "pending") return null;
  const [outcome] = await joinActivityBatch(tx, clock, intent.activityId, [{ userId: intent.userId, itemId: intent.itemId, entryId: intent.entryId }]);
  if (outcome?.ok) {
    await tx.update(gatewayJoins).set({ status: "seated" }).where(eq(gatewayJoins.paymentOrderId, paymentOrderId));
    return { ...outcome.value, activityId: intent.activityId };
  }
  const code = outcome?.error.code ?? "INTERNAL";
  await tx.update(gatewayJoins).set({ status: "kept_as_cash", failureCode: code }).where(eq(gatewayJoins.paymentOrderId, paymentOrderId));
  const [order] = await tx.select({ amountFen: paymentOrders.amountFen }).from(paymentOrders).where(eq(paymentOrders.id, paymentOrderId));
  await notifyUsers(tx, clock, [
    { userId: intent.userId, kind: "join.kept_as_cash", refId: paymentOrderId, payload: { activityId: intent.activityId, amountFen: order?.amountFen ?? 0, reason: code, reasonParams: outcome?.error.params ?? {} } },
  ]);
  return null;
}
