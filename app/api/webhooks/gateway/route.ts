import { appDb } from "@/server/db";
import { env } from "@/server/env";
import { appJoinLanes } from "@/server/runtime/join-lanes";
import { requestClock } from "@/server/test-clock";
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
  // The clock of every request (moved on an e2e server), so a draw this starts runs on the scheduler
  // the tRPC joins use.
  const clock = requestClock();
  try {
    const result = await appDb().transaction((tx) =>
      applyGatewayWebhook(tx, clock, { secret: env().GATEWAY_WEBHOOK_SECRET, rawBody, signatureHeader: req.headers.get(SIGNATURE_HEADER) }),
    );
    // A gateway join that took the last seat: draw now, as a cash join would (the job is the backstop).
    if (result.join?.filled) void appJoinLanes().draws.kick(result.join.activityId);
    return Response.json(result);
  } catch (e) {
    // Server to server: messages in the default language.
    return thrownErrorResponse("zh-CN", e, "webhook");
  }
}
