import "server-only";
import type { Db } from "@/db/client";
import type { Clock } from "../domain/shared/clock";
import { applyGatewayEvent, type GatewayEventResult } from "../domain/wallet/apply-gateway-event";
import { applyRefundNotice } from "../domain/wallet/provider-refunds";
import { isRefundNotification, type PaymentProvider } from "./payment-provider";

/**
 * One notification from a provider, end to end: verified by the provider's adapter (on the wall
 * clock: the provider signs with real time), applied in one transaction, and only then answered
 * as the protocol requires (Alipay `success`, WeChat Pay 204): a failure before the commit is
 * answered as a failure, so the provider delivers again. A refund's result is applied to its refund
 * row (once; a late or repeated one changes nothing). `onApplied` runs after a payment's commit.
 */
export async function receivePaymentNotification(
  db: Db,
  clock: Clock,
  provider: PaymentProvider,
  input: { rawBody: string; headers: Headers; verifiedAt: Date },
  onApplied: (result: GatewayEventResult) => void = () => {},
): Promise<Response> {
  let report;
  try {
    report = provider.verifyNotification(input, input.verifiedAt);
  } catch (error) {
    return provider.acknowledge({ ok: false, error });
  }
  if (!report) return provider.acknowledge({ ok: true });
  if (isRefundNotification(report)) {
    const notice = report.refund;
    try {
      await db.transaction((tx) => applyRefundNotice(tx, clock, provider.name, notice));
      return provider.acknowledge({ ok: true });
    } catch (error) {
      console.error(`[payments:${provider.name}] refund notification not applied`, error);
      return provider.acknowledge({ ok: false, error });
    }
  }
  const { event, payload } = report;
  try {
    const result = await db.transaction((tx) => applyGatewayEvent(tx, clock, provider.name, event, payload));
    onApplied(result);
    return provider.acknowledge({ ok: true });
  } catch (error) {
    console.error(`[payments:${provider.name}] notification not applied`, error);
    return provider.acknowledge({ ok: false, error });
  }
}
