import "server-only";
import type { DbOrTx } from "@/db/client";
import { paymentOrders, type PaymentProviderName } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";
import { readSetting } from "../settings/platform-settings";
import { amountOutOfRange } from "../shared/money";

/** Opens a top-up payment order; cash arrives only when the gateway's signed webhook says it was captured. */
export async function createTopup(tx: DbOrTx, clock: Clock, input: { userId: string; amountFen: number; provider?: PaymentProviderName }): Promise<{ id: string; amountFen: number }> {
  const limits = await readSetting(tx, "wallet");
  if (!Number.isSafeInteger(input.amountFen) || input.amountFen < limits.topupMinFen || input.amountFen > limits.topupMaxFen) {
    throw amountOutOfRange(limits.topupMinFen, limits.topupMaxFen);
  }
  const [order] = await tx
    .insert(paymentOrders)
    .values({ userId: input.userId, purpose: "topup", amountFen: input.amountFen, provider: input.provider ?? "sandbox", createdAt: clock.now() })
    .returning({ id: paymentOrders.id, amountFen: paymentOrders.amountFen });
  if (!order) throw new DomainError("INTERNAL");
  return order;
}
