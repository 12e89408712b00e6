import { appDb } from "@/server/db";
import { systemClock } from "@/server/domain/shared/clock";
import { thrownErrorResponse, errorResponse } from "@/server/http/error-response";
import { applyPayoutReport } from "@/server/domain/payouts/apply-payout-report";
import { payoutProviderNamed } from "@/server/payouts/payout-provider-for";

/**
 * A payout provider's callback (`/api/webhooks/payouts/sandbox`, `/alipay`, `/wechatpay`): server to
 * server, no Origin and no session, authenticated by the provider's signature over the raw body (verified
 * by the provider's adapter). Answered as the provider's protocol wants once verified and applied, so it
 * stops retrying; a refusal makes it retry (or, for a forgery, gives up). A report that needs a human is
 * flagged by the domain. A provider not enabled is "not found".
 */
export async function POST(req: Request, { params }: { params: Promise<{ provider: string }> }): Promise<Response> {
  const rawBody = await req.text();
  const provider = payoutProviderNamed(appDb(), systemClock, (await params).provider);
  if (!provider) return errorResponse("zh-CN", "NOT_FOUND");
  try {
    const report = await provider.verifyCallback({ rawBody, headers: req.headers }, systemClock.now());
    const result = await appDb().transaction((tx) => applyPayoutReport(tx, systemClock, provider.name, report));
    return provider.answerCallback ? provider.answerCallback(null) : Response.json(result);
  } catch (e) {
    if (provider.answerCallback) {
      console.error("[payout-callback]", provider.name, e);
      return provider.answerCallback(e);
    }
    // Server to server: messages in the default language.
    return thrownErrorResponse("zh-CN", e, "payout-callback");
  }
}
