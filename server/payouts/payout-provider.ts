import type { DestinationKind } from "@/db/schema";
import type { PayoutFailureCode } from "../domain/payouts/payout-failure";
import type { PayoutProviderName } from "../domain/payouts/payout-route";

/** What we ask a provider to pay: our payout id is the merchant's request number, so a retry is the same payout. */
export interface PayoutRequest {
  payoutId: string;
  amountFen: number;
  destination: { kind: DestinationKind; account: string; bankCode: string | null; holderName: string };
  /** Shown on the recipient's statement. */
  remark: string;
}

/** A provider's word on a payout, from a verified callback, a status query or the answer to the transfer itself. */
export interface PayoutReport {
  providerPayoutId: string;
  /** Our payout id, as the provider echoes it back. */
  payoutId: string;
  status: "processing" | "succeeded" | "failed";
  amountFen: number;
  /** Why it failed, in the provider's words (its code and message). */
  failureReason: string | null;
  /** Why it failed, in ours (mapped from the provider's code; shown translated). */
  failureCode?: PayoutFailureCode | null;
  /** What the provider sent, kept with the event. */
  payload: string;
}

/** The answer to a transfer request: the provider's payout id, and its word on the payout when the answer already gave one (paid, refused). */
export interface CreatedPayout {
  providerPayoutId: string;
  report?: PayoutReport;
  /** What the shopper needs to accept the payout at the provider (WeChat Pay's `package_info`), when it waits for them. */
  confirmPackage?: string;
}

/**
 * A payout provider (spec §8): the sandbox, Alipay's transfer to an account, WeChat Pay's transfer to a
 * user. Each one
 * - creates a payout, idempotently by our payout id (Alipay's out_biz_no, WeChat's out_bill_no); an
 *   answer the provider gives as final (paid, or refused with a reason) comes back as a report; a
 *   transient failure throws, and the `payouts.sync` job submits again with the same number;
 * - verifies its own callbacks (the sandbox: HMAC over the raw body with a timestamp; Alipay: its RSA2
 *   signature; WeChat Pay: its platform key and AES-GCM body) and turns them into reports;
 * - answers a status query, for payouts whose callback never came (the `payouts.sync` job);
 * - answers the callback as its protocol wants (Alipay: the text `success`; WeChat Pay: 200 with no body).
 * Verification refuses with WEBHOOK_SIGNATURE_INVALID / WEBHOOK_TIMESTAMP_STALE.
 */
export interface PayoutProvider {
  readonly name: PayoutProviderName;
  createPayout(request: PayoutRequest): Promise<CreatedPayout>;
  verifyCallback(input: { rawBody: string; headers: Headers }, now: Date): PayoutReport | Promise<PayoutReport>;
  queryPayout(ref: { payoutId: string; providerPayoutId: string | null }): Promise<PayoutReport | null>;
  /** The HTTP answer to a callback: `error` null when it was verified and applied (or a known duplicate). */
  answerCallback?(error: unknown): Response;
}
