import { PAYMENT_PROVIDERS, type PaymentProviderName } from "@/db/schema";
import { appDb } from "@/server/db";
import { systemClock } from "@/server/domain/shared/clock";
import { errorResponse } from "@/server/http/error-response";
import { paymentProvider } from "@/server/payments/payment-providers";
import { receivePaymentNotification } from "@/server/payments/receive-notification";
import { appJoinLanes } from "@/server/runtime/join-lanes";
import { requestClock } from "@/server/test-clock";

/**
 * Alipay's and WeChat Pay's asynchronous notifications (the sandbox's own keep /api/webhooks/gateway).
 * Server to server: no Origin, no session; authenticated by the provider's signature, which its
 * adapter verifies on the raw body. Answered only after the commit.
 */
export async function POST(req: Request, { params }: { params: Promise<{ provider: string }> }): Promise<Response> {
  const name = (await params).provider;
  const provider = name !== "sandbox" && (PAYMENT_PROVIDERS as readonly string[]).includes(name) ? paymentProvider(name as PaymentProviderName) : null;
  if (!provider) return errorResponse("zh-CN", "NOT_FOUND");
  const rawBody = await req.text();
  return receivePaymentNotification(appDb(), requestClock(), provider, { rawBody, headers: req.headers, verifiedAt: systemClock.now() }, (result) => {
    // A gateway join that took the last seat: draw now, as a cash join would (the job is the backstop).
    if (result.join?.filled) void appJoinLanes().draws.kick(result.join.activityId);
  });
}
