import type { DestinationKind } from "@/db/schema";

/** What we ask a provider to pay: our payout id is the merchant's request number, so a retry is the same payout. */
export interface PayoutRequest {
  payoutId: string;
  amountFen: number;
  destination: { kind: DestinationKind; account: string; bankCode: string | null; holderName: string };
  /** Shown on the recipient's statement. */
  remark: string;
}

/** A provider's word on a payout, from a verified callback or a status query. */
export interface PayoutReport {
  providerPayoutId: string;
  /** Our payout id, as the provider echoes it back. */
  payoutId: string;
  status: "processing" | "succeeded" | "failed";
  amountFen: number;
  /** Why it failed, in the provider's words (shown to the shopper). */
  failureReason: string | null;
  /** What the provider sent, kept with the event. */
  payload: string;
}

/**
 * A payout provider (spec §8): the sandbox now; Alipay and WeChat Pay transfers later. Each one
 * - creates a payout, idempotently by our payout id (Alipay's out_biz_no, WeChat's out_batch_no);
 * - verifies its own callbacks (the sandbox: HMAC over the raw body with a timestamp; Alipay: its RSA2
 *   signature; WeChat Pay: its platform certificate and AES-GCM body) and turns them into reports;
 * - answers a status query, for payouts whose callback never came (the `payouts.sync` job).
 * Verification refuses with WEBHOOK_SIGNATURE_INVALID / WEBHOOK_TIMESTAMP_STALE.
 */
export interface PayoutProvider {
  readonly name: string;
  createPayout(request: PayoutRequest): Promise<{ providerPayoutId: string }>;
  verifyCallback(input: { rawBody: string; headers: Headers }, now: Date): PayoutReport;
  queryPayout(ref: { payoutId: string; providerPayoutId: string | null }): Promise<PayoutReport | null>;
}
