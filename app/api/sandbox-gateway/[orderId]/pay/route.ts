import { eq } from "drizzle-orm";
import { paymentOrders } from "@/db/schema";
import { auth } from "@/server/auth";
import { appDb } from "@/server/db";
import { env } from "@/server/env";
import { cookieLocale, errorResponse } from "@/server/http/error-response";
import { rejectForeignOrigin } from "@/server/http/reject-foreign-origin";
import { sendSandboxNotification } from "@/server/payments/sandbox-gateway";
import { requestClock } from "@/server/test-clock";

/**
 * The sandbox pay page's "pay" button: captures the order's amount and notifies our webhook. Only
 * served while the sandbox is the configured gateway, and only for the signed-in owner of the order.
 */
export async function POST(req: Request, { params }: { params: Promise<{ orderId: string }> }): Promise<Response> {
  const rejected = await rejectForeignOrigin(req);
  if (rejected) return rejected;
  const locale = await cookieLocale();
  if (env().PAYMENT_GATEWAY !== "sandbox") return errorResponse(locale, "NOT_FOUND");
  const session = await auth();
  if (!session?.user?.id) return errorResponse(locale, "UNAUTHENTICATED");
  const { orderId } = await params;
  if (!/^[0-9a-f-]{36}$/.test(orderId)) return errorResponse(locale, "NOT_FOUND");
  const [order] = await appDb().select().from(paymentOrders).where(eq(paymentOrders.id, orderId));
  // Only orders opened with the sandbox: one opened with a real provider is paid there, never here.
  if (!order || order.userId !== session.user.id || order.provider !== "sandbox") return errorResponse(locale, "NOT_FOUND");
  const webhookUrl = new URL("/api/webhooks/gateway", req.url).toString();
  const result = await sendSandboxNotification(
    webhookUrl,
    env().GATEWAY_WEBHOOK_SECRET,
    { type: "payment.captured", orderId: order.id, amountFen: order.amountFen, currency: order.currency },
    // The app's clock: the webhook checks the signature's time against it (moved on an e2e server).
    requestClock().now(),
  );
  return Response.json(result.body, { status: result.status });
}
