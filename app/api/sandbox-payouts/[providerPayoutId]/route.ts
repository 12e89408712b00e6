import { z } from "zod";
import { appDb } from "@/server/db";
import { env } from "@/server/env";
import { systemClock } from "@/server/domain/shared/clock";
import { cookieLocale, errorResponse, thrownErrorResponse } from "@/server/http/error-response";
import { fromThisMachine } from "@/server/http/loopback";
import { rejectForeignOrigin } from "@/server/http/reject-foreign-origin";
import { settleSandboxPayout } from "@/server/payouts/sandbox-payouts";

const Body = z.object({ outcome: z.enum(["succeeded", "failed"]), failureReason: z.string().trim().min(1).max(200).optional() });

/**
 * /dev/payouts' "paid" and "failed" buttons: the sandbox provider settles its payout and sends the
 * signed callback to our endpoint over HTTP (the sandbox pays what no enabled provider pays). Only
 * from this machine (like /dev/sms).
 */
export async function POST(req: Request, { params }: { params: Promise<{ providerPayoutId: string }> }): Promise<Response> {
  const rejected = await rejectForeignOrigin(req);
  if (rejected) return rejected;
  const locale = await cookieLocale();
  if (!fromThisMachine(req.headers)) return errorResponse(locale, "NOT_FOUND");
  const body = Body.safeParse(await req.json().catch(() => null));
  if (!body.success) return errorResponse(locale, "BAD_INPUT");
  try {
    const result = await settleSandboxPayout(appDb(), systemClock, {
      secret: env().PAYOUT_CALLBACK_SECRET,
      callbackUrl: new URL("/api/webhooks/payouts/sandbox", req.url).toString(),
      providerPayoutId: (await params).providerPayoutId,
      outcome: body.data.outcome,
      failureReason: body.data.failureReason,
    });
    return Response.json(result.body, { status: result.status });
  } catch (e) {
    return thrownErrorResponse(locale, e, "sandbox-payouts");
  }
}
