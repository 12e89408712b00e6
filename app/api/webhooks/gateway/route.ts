import { appDb } from "@/server/db";
import { joinLanesFor } from "@/server/api/join-lanes";
import { env } from "@/server/env";
import { systemClock } from "@/server/domain/shared/clock";
import { thrownErrorResponse } from "@/server/http/error-response";
import { SIGNATURE_HEADER } from "@/server/domain/wallet/gateway-signature";
import { applyGatewayWebhook } from "@/server/domain/wallet/apply-gateway-webhook";

/**
 * The payment gateway's notification endpoint. Server-to-server: no Origin, authenticated by the
 * HMAC signature over the raw body instead. Always answers 200 once verified, so the gateway stops
 * retrying; a notification that needs a human is parked for review by the domain.
 */
export async function POST(req: Request): Promise<Response> {
  const rawBody = await req.text();
  try {
    const result = await appDb().transaction((tx) =>
      applyGatewayWebhook(tx, systemClock, { secret: env().GATEWAY_WEBHOOK_SECRET, rawBody, signatureHeader: req.headers.get(SIGNATURE_HEADER) }),
    );
    // A gateway join that took the last seat: draw now, as a cash join would (the job is the backstop).
    if (result.join?.filled) void joinLanesFor(appDb(), systemClock).draws.kick(result.join.activityId);
    return Response.json(result);
  } catch (e) {
    // Server to server: messages in the default language.
    return thrownErrorResponse("zh-CN", e, "webhook");
  }
}
