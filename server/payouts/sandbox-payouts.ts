import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { sandboxPayouts } from "@/db/schema";
import type { Clock } from "../domain/shared/clock";
import { DomainError } from "../domain/shared/errors";
import { maskAccount } from "../domain/payouts/destination-format";
import { signWebhook, verifyWebhookSignature } from "../domain/wallet/gateway-signature";
import type { PayoutProvider, PayoutReport } from "./payout-provider";

export const SANDBOX_PAYOUT_SIGNATURE_HEADER = "x-payout-signature";

const CallbackSchema = z.object({
  providerPayoutId: z.string().min(1).max(64),
  payoutId: z.string().uuid(),
  status: z.enum(["succeeded", "failed"]),
  amountFen: z.number().int().positive(),
  failureReason: z.string().max(200).nullable(),
});
export type SandboxCallback = z.infer<typeof CallbackSchema>;

type Row = typeof sandboxPayouts.$inferSelect;
const reportOf = (r: Row): PayoutReport => ({
  providerPayoutId: r.providerPayoutId,
  payoutId: r.payoutId,
  status: r.status,
  amountFen: r.amountFen,
  failureReason: r.failureReason,
  failureCode: null,
  payload: JSON.stringify(r),
});

/**
 * The built-in payout provider: nothing leaves the machine. A payout is a row in `sandbox_payouts`
 * (its own book, as a real provider keeps one), settled by hand at /dev/payouts, which sends the
 * signed callback over HTTP to /api/webhooks/payouts/sandbox: the path a real provider's callback
 * takes. Callbacks are signed like the sandbox gateway's webhooks (HMAC-SHA256 of `t.rawBody`, 300 s).
 */
export function sandboxPayoutProvider(db: DbOrTx, clock: Clock, secret: () => string): PayoutProvider {
  return {
    name: "sandbox",
    async createPayout(request) {
      const { kind, bankCode, account } = request.destination;
      const label = `${kind === "alipay" ? "Alipay" : kind === "wechat" ? "WeChat" : (bankCode ?? "bank")} ${maskAccount(kind, account)}`;
      const [created] = await db
        .insert(sandboxPayouts)
        .values({ providerPayoutId: `sbp_${randomBytes(10).toString("hex")}`, payoutId: request.payoutId, amountFen: request.amountFen, destinationLabel: label, createdAt: clock.now() })
        .onConflictDoNothing({ target: sandboxPayouts.payoutId })
        .returning();
      if (created) return { providerPayoutId: created.providerPayoutId };
      const [existing] = await db.select().from(sandboxPayouts).where(eq(sandboxPayouts.payoutId, request.payoutId));
      if (!existing) throw new DomainError("INTERNAL");
      return { providerPayoutId: existing.providerPayoutId };
    },
    verifyCallback({ rawBody, headers }, now) {
      verifyWebhookSignature(secret(), rawBody, headers.get(SANDBOX_PAYOUT_SIGNATURE_HEADER), now);
      let body: SandboxCallback;
      try {
        body = CallbackSchema.parse(JSON.parse(rawBody));
      } catch {
        throw new DomainError("BAD_INPUT", { field: "body" });
      }
      return { ...body, failureCode: null, payload: rawBody };
    },
    async queryPayout(ref) {
      const [row] = await db.select().from(sandboxPayouts).where(eq(sandboxPayouts.payoutId, ref.payoutId));
      return row ? reportOf(row) : null;
    },
  };
}

/** A callback as the sandbox sends it: the JSON body and its signature header. */
export function signedSandboxCallback(secret: string, body: SandboxCallback, now: Date): { rawBody: string; signature: string } {
  const rawBody = JSON.stringify(body);
  return { rawBody, signature: signWebhook(secret, rawBody, Math.floor(now.getTime() / 1000)) };
}

/**
 * The sandbox's "the bank paid it" / "the bank refused it" on its own book: settles the row once (a
 * settled payout keeps its first outcome) and returns the callback the sandbox sends about it.
 */
export async function settleSandboxRow(
  db: DbOrTx,
  clock: Clock,
  input: { providerPayoutId: string; outcome: "succeeded" | "failed"; failureReason?: string },
): Promise<SandboxCallback> {
  const [updated] = await db
    .update(sandboxPayouts)
    .set({ status: input.outcome, failureReason: input.outcome === "failed" ? (input.failureReason ?? "sandbox failure") : null, finishedAt: clock.now() })
    .where(and(eq(sandboxPayouts.providerPayoutId, input.providerPayoutId), eq(sandboxPayouts.status, "processing")))
    .returning();
  const [s] = updated ? [updated] : await db.select().from(sandboxPayouts).where(eq(sandboxPayouts.providerPayoutId, input.providerPayoutId));
  if (!s) throw new DomainError("NOT_FOUND");
  return { providerPayoutId: s.providerPayoutId, payoutId: s.payoutId, status: s.status === "failed" ? "failed" : "succeeded", amountFen: s.amountFen, failureReason: s.failureReason };
}

/** /dev/payouts' buttons: settles the sandbox's row and sends the signed callback to `callbackUrl` over HTTP, as a provider would. */
export async function settleSandboxPayout(
  db: DbOrTx,
  clock: Clock,
  input: { secret: string; callbackUrl: string; providerPayoutId: string; outcome: "succeeded" | "failed"; failureReason?: string },
): Promise<{ status: number; body: unknown }> {
  const callback = await settleSandboxRow(db, clock, input);
  const { rawBody, signature } = signedSandboxCallback(input.secret, callback, clock.now());
  const res = await fetch(input.callbackUrl, { method: "POST", headers: { "content-type": "application/json", [SANDBOX_PAYOUT_SIGNATURE_HEADER]: signature }, body: rawBody });
  return { status: res.status, body: await res.json().catch(() => null) };
}
