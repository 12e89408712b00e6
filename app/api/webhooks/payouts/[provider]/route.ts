import { appDb } from "@/server/db";
import { systemClock } from "@/server/domain/shared/clock";
import { thrownErrorResponse, errorResponse } from "@/server/http/error-response";
import { applyPayoutReport } from "@/server/domain/payouts/apply-payout-report";
import { payoutProviderFor } from "@/server/payouts/payout-provider-for";

/**
 * The payout provider's callback: server to server, no Origin and no session, authenticated by the
 * provider's signature over the raw body (verified by the provider's adapter). Answers 200 once
 * verified, so the provider stops retrying; a report that needs a human is flagged by the domain.
 */
export async function POST(req: Request, { params }: { params: Promise<{ provider: string }> }): Promise<Response> {
  const rawBody = await req.text();
  try {
    const provider = payoutProviderFor(appDb(), systemClock);
    if ((await params).provider !== provider.name) return errorResponse("zh-CN", "NOT_FOUND");
    const report = provider.verifyCallback({ rawBody, headers: req.headers }, systemClock.now());
    const result = await appDb().transaction((tx) => applyPayoutReport(tx, systemClock, provider.name, report));
    return Response.json(result);
  } catch (e) {
    // Server to server: messages in the default language.
    return thrownErrorResponse("zh-CN", e, "payout-callback");
  }
}
