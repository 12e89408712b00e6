import "server-only";
import { and, count, desc, eq, gt, min, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { paymentChecks } from "@/db/schema";
import { retryParams } from "../auth/sign-in-throttle";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";

/** One provider query per payment order every 10 s (the provider's notification usually comes within seconds). */
export const PAYMENT_CHECK_ORDER_GAP_MS = 10_000;
/** A shopper's checks over all their orders: 10 a minute. */
export const PAYMENT_CHECKS_PER_SHOPPER = 10;
export const PAYMENT_CHECK_WINDOW_MS = 60_000;

/**
 * The limit on "I have paid: check" (`payments.refresh`), which asks Alipay or WeChat Pay about the
 * order each time: per payment order and per shopper, counted from `payment_checks` as sign-in
 * attempts and texted codes are counted from their rows. A check over the limit is refused with
 * PAYMENT_CHECK_TOO_SOON and the seconds to wait (429: try again then) and records nothing; one within
 * it is recorded before the provider is asked. Checks of one shopper queue on their lock, so a burst
 * of taps sees each other. Run it in its own transaction, committed before the provider is called.
 */
export async function claimPaymentCheck(tx: DbOrTx, clock: Clock, input: { userId: string; paymentOrderId: string }): Promise<void> {
  const now = clock.now();
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${"payment-check:" + input.userId}, 0))`);
  const [latest] = await tx
    .select({ createdAt: paymentChecks.createdAt })
    .from(paymentChecks)
    .where(eq(paymentChecks.paymentOrderId, input.paymentOrderId))
    .orderBy(desc(paymentChecks.createdAt))
    .limit(1);
  if (latest && now.getTime() - latest.createdAt.getTime() < PAYMENT_CHECK_ORDER_GAP_MS) {
    throw new DomainError("PAYMENT_CHECK_TOO_SOON", retryParams(latest.createdAt.getTime() + PAYMENT_CHECK_ORDER_GAP_MS - now.getTime()));
  }
  const [mine] = await tx
    .select({ n: count(), first: min(paymentChecks.createdAt) })
    .from(paymentChecks)
    .where(and(eq(paymentChecks.userId, input.userId), gt(paymentChecks.createdAt, new Date(now.getTime() - PAYMENT_CHECK_WINDOW_MS))));
  if (mine && mine.n >= PAYMENT_CHECKS_PER_SHOPPER && mine.first) {
    throw new DomainError("PAYMENT_CHECK_TOO_SOON", retryParams(new Date(mine.first).getTime() + PAYMENT_CHECK_WINDOW_MS - now.getTime()));
  }
  await tx.insert(paymentChecks).values({ userId: input.userId, paymentOrderId: input.paymentOrderId, createdAt: now });
}
