import { constants, publicEncrypt } from "node:crypto";
import { z } from "zod";
import { DomainError } from "../domain/shared/errors";
import type { PayoutFailureCode } from "../domain/payouts/payout-failure";
import { decryptWechatpayResource, type WechatpayResource } from "../providers/wechatpay/decrypt-resource";
import { createWechatpayClient, WechatpayApiError, type WechatpayClient } from "../providers/wechatpay/wechatpay-client";
import type { WechatpayConfig } from "../providers/wechatpay/wechatpay-config";
import { verifyWechatpaySignature } from "../providers/wechatpay/verify-wechatpay-signature";
import type { CreatedPayout, PayoutProvider, PayoutReport } from "./payout-provider";
import { payoutIdOf, payoutNumber } from "./payout-number";

/** The transfer API (商家转账, the one WeChat Pay opens to merchants since January 2025; the older batch API `/v3/transfer/batches` is closed to new ones). */
export const TRANSFER_BILLS_PATH = "/v3/fund-app/mch-transfer/transfer-bills";
/** The notification event for a bill that reached a final state. */
export const TRANSFER_FINISHED_EVENT = "MCHTRANSFER.BILL.FINISHED";

/**
 * The transfer scene the merchant has enabled (转账场景, WECHATPAY_TRANSFER_SCENE_ID) and the report
 * lines each scene requires (转账场景报备信息), as WeChat Pay lists them.
 */
export const TRANSFER_SCENES = {
  "1000": { perception: "现金奖励", reports: [{ info_type: "活动名称", info_content: "拼拼余额提现" }, { info_type: "奖励说明", info_content: "拼团奖励与佣金提现" }] },
  "1005": { perception: "劳务报酬", reports: [{ info_type: "岗位类型", info_content: "推广员" }, { info_type: "报酬说明", info_content: "推广佣金提现" }] },
} as const;
export type TransferSceneId = keyof typeof TRANSFER_SCENES;
export const TransferSceneSchema = z.enum(["1000", "1005"]).default("1000");

/** WeChat Pay's fail_reason codes (and error codes of a refused request), in our words. */
const FAILURES: Record<string, PayoutFailureCode> = {
  NAME_NOT_CORRECT: "PAYEE_NAME_MISMATCH",
  REAL_NAME_CHECK_FAIL: "PAYEE_NAME_MISMATCH",
  ID_CARD_NOT_CORRECT: "PAYEE_NAME_MISMATCH",
  OPENID_INVALID: "PAYEE_NOT_FOUND",
  ACCOUNT_NOT_EXIST: "PAYEE_NOT_FOUND",
  ACCOUNT_FROZEN: "PAYEE_ACCOUNT_RESTRICTED",
  PAYEE_ACCOUNT_ABNORMAL: "PAYEE_ACCOUNT_RESTRICTED",
  RECEIVE_ACCOUNT_NOT_PERMMIT: "PAYEE_ACCOUNT_RESTRICTED",
  TRANSFER_RISK: "PAYEE_ACCOUNT_RESTRICTED",
  DAY_RECEIVED_QUOTA_EXCEED: "PAYEE_LIMIT_REACHED",
  MONTH_RECEIVED_QUOTA_EXCEED: "PAYEE_LIMIT_REACHED",
  DAY_RECEIVED_COUNT_EXCEED: "PAYEE_LIMIT_REACHED",
  REALNAME_ACCOUNT_RECEIVED_QUOTA_EXCEED: "PAYEE_LIMIT_REACHED",
  BLOCK_B2C_USERLIMITAMOUNT_MONTH: "PAYEE_LIMIT_REACHED",
  BLOCK_B2C_USERLIMITAMOUNT_BSRULE_MONTH: "PAYEE_LIMIT_REACHED",
  OVERDUE_CLOSE: "NOT_CONFIRMED",
  PAYER_ACCOUNT_ABNORMAL: "PLATFORM_UNAVAILABLE",
  PRODUCT_AUTH_CHECK_FAIL: "PLATFORM_UNAVAILABLE",
  TRANSFER_QUOTA_EXCEED: "PLATFORM_UNAVAILABLE",
  TRANSFER_SCENE_UNAVAILABLE: "PLATFORM_UNAVAILABLE",
  TRANSFER_SCENE_INVALID: "PLATFORM_UNAVAILABLE",
  TRANSFER_REMARK_SET_FAIL: "PLATFORM_UNAVAILABLE",
  RECEIVE_ACCOUNT_NOT_CONFIGURE: "PLATFORM_UNAVAILABLE",
  MERCHANT_REJECT: "PLATFORM_UNAVAILABLE",
  MERCHANT_NOT_CONFIRM: "PLATFORM_UNAVAILABLE",
  NOT_ENOUGH: "PLATFORM_UNAVAILABLE",
  NO_AUTH: "PLATFORM_UNAVAILABLE",
};
const failureCode = (code: string | undefined): PayoutFailureCode => (code ? (FAILURES[code] ?? "OTHER") : "OTHER");

/** A transfer bill as the create answer, the query and the notification describe it (fields we read). */
export interface TransferBill {
  out_bill_no?: string;
  transfer_bill_no?: string;
  state?: string;
  transfer_amount?: number;
  fail_reason?: string;
  mch_id?: string;
  package_info?: string;
}

/** A bill's state in ours: SUCCESS paid; FAIL and CANCELLED (revoked, or not accepted by the shopper in time) failed; the rest on its way. */
function statusOf(state: string | undefined): PayoutReport["status"] {
  if (state === "SUCCESS") return "succeeded";
  if (state === "FAIL" || state === "CANCELLED") return "failed";
  return "processing";
}

function reportOf(bill: TransferBill, payload: string, amountFen?: number): PayoutReport | null {
  const payoutId = payoutIdOf(bill.out_bill_no ?? "");
  const amount = bill.transfer_amount ?? amountFen;
  if (!payoutId || !bill.transfer_bill_no || typeof amount !== "number") return null;
  const status = statusOf(bill.state);
  const failed = status === "failed";
  const reason = bill.fail_reason ?? (bill.state === "CANCELLED" ? "CANCELLED" : undefined);
  return {
    providerPayoutId: bill.transfer_bill_no,
    payoutId,
    status,
    amountFen: amount,
    failureReason: failed ? (reason ?? String(bill.state)) : null,
    failureCode: failed ? (bill.state === "CANCELLED" && !bill.fail_reason ? "NOT_CONFIRMED" : failureCode(bill.fail_reason)) : null,
    payload,
  };
}

/** `user_name` is sent encrypted with WeChat Pay's public key (RSAES-OAEP, SHA-1 and MGF1), its serial in `Wechatpay-Serial`. */
function encryptName(config: WechatpayConfig, name: string): { serial: string; cipher: string } {
  const [entry] = [...config.platformKeys.entries()].sort(([a], [b]) => Number(b.startsWith("PUB_KEY_ID_")) - Number(a.startsWith("PUB_KEY_ID_")));
  if (!entry) throw new Error("wechatpay: no WeChat Pay public key configured");
  const [serial, key] = entry;
  return { serial, cipher: publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" }, Buffer.from(name, "utf8")).toString("base64") };
}

export interface WechatpayPayoutOptions {
  sceneId: TransferSceneId;
  /** Where WeChat Pay posts the bill's final state (our /api/webhooks/payouts/wechatpay), or null to rely on the poll. */
  notifyUrl: string | null;
  client?: WechatpayClient;
  now?: () => Date;
}

/**
 * WeChat Pay's merchant transfer to a user (商家转账, `POST /v3/fund-app/mch-transfer/transfer-bills`)
 * on the providers' v3 client (`providers/wechatpay/`: our requests signed with the merchant key, every
 * answer's signature checked): out_bill_no is our payout id, the payee the shopper's openid under our
 * AppID, the holder's name encrypted so WeChat checks it. The bill then waits for the shopper to accept
 * it in WeChat (WAIT_USER_CONFIRM) before it is paid; not accepted in time, WeChat cancels it and the
 * funds come back. A signed 4xx refusal is checked against the bill query first and, if WeChat holds
 * no bill, is the payout's failure with its code; anything else (no answer, 5xx, 429, an unsigned
 * answer) throws, and the sync job asks again with the same out_bill_no.
 *
 * The final state comes as a `MCHTRANSFER.BILL.FINISHED` notification: its signature checked against
 * WeChat Pay's key for `Wechatpay-Serial` within 5 minutes, its resource decrypted with the APIv3 key
 * (AEAD_AES_256_GCM), the bill's merchant must be ours; answered 204 (a refusal: 4xx/5xx with
 * `{code, message}`, and WeChat retries). `GET …/transfer-bills/out-bill-no/{out_bill_no}` is the poll.
 */
export function wechatpayPayoutProvider(config: WechatpayConfig, options: WechatpayPayoutOptions): PayoutProvider {
  const client = options.client ?? createWechatpayClient(config, { now: options.now });
  const scene = TRANSFER_SCENES[options.sceneId];

  const query = async (payoutId: string): Promise<PayoutReport | null> => {
    try {
      const bill = await client.request<TransferBill>("GET", `${TRANSFER_BILLS_PATH}/out-bill-no/${payoutNumber(payoutId)}`);
      const report = bill ? reportOf(bill, JSON.stringify(bill)) : null;
      if (!report) throw new Error("wechatpay transfer query: an answer without a bill");
      return report;
    } catch (e) {
      if (e instanceof WechatpayApiError && e.signed && e.status === 404) return null;
      throw e;
    }
  };

  return {
    name: "wechatpay",
    async createPayout(request): Promise<CreatedPayout> {
      const name = encryptName(config, request.destination.holderName);
      const body = {
        appid: config.appId,
        out_bill_no: payoutNumber(request.payoutId),
        transfer_scene_id: options.sceneId,
        openid: request.destination.account,
        user_name: name.cipher,
        transfer_amount: request.amountFen,
        transfer_remark: request.remark.slice(0, 32),
        ...(options.notifyUrl ? { notify_url: options.notifyUrl } : {}),
        user_recv_perception: scene.perception,
        transfer_scene_report_infos: scene.reports,
      };
      let bill: TransferBill | null;
      try {
        bill = await client.request<TransferBill>("POST", TRANSFER_BILLS_PATH, body, { "Wechatpay-Serial": name.serial });
      } catch (e) {
        if (!(e instanceof WechatpayApiError) || !e.signed || e.status === 429 || e.status >= 500) throw e;
        const known = await query(request.payoutId);
        if (known) return { providerPayoutId: known.providerPayoutId, report: known };
        const refusal: PayoutReport = {
          providerPayoutId: `refused:${payoutNumber(request.payoutId)}`,
          payoutId: request.payoutId,
          status: "failed",
          amountFen: request.amountFen,
          failureReason: `${e.code} ${e.message}`.slice(0, 200),
          failureCode: failureCode(e.code),
          payload: JSON.stringify({ status: e.status, code: e.code, message: e.message }),
        };
        return { providerPayoutId: refusal.providerPayoutId, report: refusal };
      }
      const report = bill ? reportOf(bill, JSON.stringify(bill), request.amountFen) : null;
      if (!report) throw new Error("wechatpay transfer: an answer without a bill");
      return { providerPayoutId: report.providerPayoutId, report, ...(bill?.state === "WAIT_USER_CONFIRM" && bill.package_info ? { confirmPackage: bill.package_info } : {}) };
    },

    verifyCallback({ rawBody, headers }, now) {
      verifyWechatpaySignature(headers, rawBody, config.platformKeys, now);
      let event: { event_type?: string; resource?: WechatpayResource };
      try {
        event = JSON.parse(rawBody) as typeof event;
      } catch {
        throw new DomainError("BAD_INPUT", { field: "body" });
      }
      if (event.event_type !== TRANSFER_FINISHED_EVENT || !event.resource) throw new DomainError("BAD_INPUT", { field: "event_type" });
      let bill: TransferBill;
      try {
        bill = JSON.parse(decryptWechatpayResource(event.resource, config.apiV3Key)) as TransferBill;
      } catch (e) {
        if (e instanceof DomainError) throw e;
        throw new DomainError("BAD_INPUT", { field: "resource" });
      }
      if (bill.mch_id !== config.mchId) throw new DomainError("WEBHOOK_MERCHANT_MISMATCH");
      const report = reportOf(bill, rawBody);
      if (!report) throw new DomainError("BAD_INPUT", { field: "out_bill_no" });
      return report;
    },

    queryPayout: (ref) => query(ref.payoutId),

    answerCallback(error) {
      if (!error) return new Response(null, { status: 204 });
      const code = error instanceof DomainError ? error.code : "INTERNAL";
      return Response.json({ code: "FAIL", message: code }, { status: error instanceof DomainError && code !== "INTERNAL" ? 400 : 500 });
    },
  };
}
