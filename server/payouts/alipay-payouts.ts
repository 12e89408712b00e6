import { createVerify } from "node:crypto";
import type { AlipaySdk } from "alipay-sdk";
import { DomainError } from "../domain/shared/errors";
import type { PayoutFailureCode } from "../domain/payouts/payout-failure";
import { alipayYuanToFen, fenToAlipayYuan } from "../providers/alipay/alipay-amount";
import type { AlipayConfig } from "../providers/alipay/alipay-config";
import { createAlipayClient } from "../providers/alipay/create-alipay-client";
import { alipaySignContent, parseAlipayForm } from "../providers/alipay/verify-alipay-notification";
import type { CreatedPayout, PayoutProvider, PayoutReport } from "./payout-provider";
import { payoutIdOf, payoutNumber } from "./payout-number";

/** The transfer product and scene: to an Alipay account, no password (单笔转账到支付宝账户). */
const PRODUCT = { product_code: "TRANS_ACCOUNT_NO_PWD", biz_scene: "DIRECT_TRANSFER" } as const;
/** The message Alipay sends to the app gateway when a transfer's state changes (资金单据状态变更通知). */
export const ALIPAY_TRANSFER_CHANGED = "alipay.fund.trans.order.changed";

/** Alipay's failure codes (sub_code of a refused transfer, error_code of a failed one), in our words. */
const FAILURES: Record<string, PayoutFailureCode> = {
  PAYEE_USER_INFO_ERROR: "PAYEE_NAME_MISMATCH",
  PAYEE_CERT_INFO_ERROR: "PAYEE_NAME_MISMATCH",
  PAYEE_NOT_EXIST: "PAYEE_NOT_FOUND",
  PAYEE_ACCOUNT_NOT_EXSIT: "PAYEE_NOT_FOUND",
  PAYEE_ACCOUNT_STATUS_ERROR: "PAYEE_ACCOUNT_RESTRICTED",
  PAYEE_USERINFO_STATUS_ERROR: "PAYEE_ACCOUNT_RESTRICTED",
  PAYEE_NOT_RELNAME_CERTIFY: "PAYEE_ACCOUNT_RESTRICTED",
  PAYEE_ACC_OCUPIED: "PAYEE_ACCOUNT_RESTRICTED",
  PERMIT_NON_BANK_LIMIT_PAYEE: "PAYEE_ACCOUNT_RESTRICTED",
  PERMIT_CHECK_PERM_IDENTITY_THEFT: "PAYEE_ACCOUNT_RESTRICTED",
  PAYEE_TRUSTEESHIP_ACC_OVER_LIMIT: "PAYEE_LIMIT_REACHED",
  EXCEED_LIMIT_PERSONAL_SM_AMOUNT: "PAYEE_LIMIT_REACHED",
  EXCEED_LIMIT_UNRN_DM_AMOUNT: "PAYEE_LIMIT_REACHED",
  PAYER_BALANCE_NOT_ENOUGH: "PLATFORM_UNAVAILABLE",
  BALANCE_IS_NOT_ENOUGH: "PLATFORM_UNAVAILABLE",
  PAYER_STATUS_ERROR: "PLATFORM_UNAVAILABLE",
  PRODUCT_NOT_SIGN: "PLATFORM_UNAVAILABLE",
  PERMIT_CHECK_PERM_LIMITED: "PLATFORM_UNAVAILABLE",
  EXCEED_LIMIT_SM_AMOUNT: "PLATFORM_UNAVAILABLE",
  EXCEED_LIMIT_DM_AMOUNT: "PLATFORM_UNAVAILABLE",
  EXCEED_LIMIT_MM_AMOUNT: "PLATFORM_UNAVAILABLE",
};
const failureCode = (code: string | undefined): PayoutFailureCode => (code ? (FAILURES[code] ?? "OTHER") : "OTHER");

/** A transfer's state as Alipay reports it (转账单据状态), in ours. */
function statusOf(status: unknown): PayoutReport["status"] {
  if (status === "SUCCESS") return "succeeded";
  if (status === "FAIL" || status === "REFUND" || status === "CLOSED") return "failed";
  return "processing";
}

type Answer = Record<string, string | undefined>;

/** A report from a transfer, query or notification body that names one of our payouts; null if it does not. */
function reportOf(a: Answer, payload: string): PayoutReport | null {
  const payoutId = payoutIdOf(a.out_biz_no ?? "");
  if (!payoutId || !a.order_id) return null;
  const status = statusOf(a.status);
  const failed = status === "failed";
  return {
    providerPayoutId: a.order_id,
    payoutId,
    status,
    amountFen: alipayYuanToFen(a.trans_amount),
    failureReason: failed ? [a.error_code, a.fail_reason].filter(Boolean).join(" ") || String(a.status) : null,
    failureCode: failed ? failureCode(a.error_code) : null,
    payload,
  };
}

/**
 * Alipay's transfer to an account (`alipay.fund.trans.uni.transfer`, product TRANS_ACCOUNT_NO_PWD, scene
 * DIRECT_TRANSFER) through the official SDK (`providers/alipay/`): out_biz_no is our payout id, so the
 * same request again is the same transfer; the payee is the Alipay login id (mobile or email) with the
 * holder's name, which Alipay checks. Alipay's answer (code 10000) carries the transfer's order id and
 * state. A business refusal (40004) is checked against the transfer query first (an earlier attempt may
 * have gone through) and, if Alipay has no transfer, is the payout's failure with its sub_code. Anything
 * else (no answer, 20000, a bad signature) throws: the sync job asks again with the same out_biz_no.
 *
 * State changes come as the `alipay.fund.trans.order.changed` message, POSTed to the app gateway
 * (form, RSA2 over the sorted parameters without `sign` and `sign_type`, verified with Alipay's public
 * key; `app_id` must be ours, else WEBHOOK_MERCHANT_MISMATCH) and answered `success`; `alipay.fund.trans.common.query` is the poll.
 */
export function alipayPayoutProvider(config: AlipayConfig, sdk: AlipaySdk = createAlipayClient(config)): PayoutProvider {
  const exec = async (method: string, bizContent: Record<string, unknown>): Promise<Answer> => (await sdk.exec(method, { bizContent }, { validateSign: true })) as unknown as Answer;

  const query = async (payoutId: string): Promise<PayoutReport | "not_found"> => {
    const a = await exec("alipay.fund.trans.common.query", { ...PRODUCT, out_biz_no: payoutNumber(payoutId) });
    if (a.code === "40004" && a.sub_code === "ORDER_NOT_EXIST") return "not_found";
    if (a.code !== "10000") throw new Error(`alipay transfer query: ${a.code} ${a.sub_code ?? ""} ${a.sub_msg ?? ""}`);
    // The query answers without out_biz_no on some paths: it is the one we asked about.
    const report = reportOf({ ...a, out_biz_no: a.out_biz_no ?? payoutNumber(payoutId) }, JSON.stringify(a));
    if (!report) throw new Error("alipay transfer query: an answer without an order id");
    return report;
  };

  return {
    name: "alipay",
    async createPayout(request): Promise<CreatedPayout> {
      const a = await exec("alipay.fund.trans.uni.transfer", {
        out_biz_no: payoutNumber(request.payoutId),
        trans_amount: fenToAlipayYuan(request.amountFen),
        ...PRODUCT,
        order_title: request.remark,
        remark: request.remark,
        payee_info: { identity: request.destination.account, identity_type: "ALIPAY_LOGON_ID", name: request.destination.holderName },
      });
      if (a.code === "10000") {
        const report = reportOf({ ...a, trans_amount: fenToAlipayYuan(request.amountFen) }, JSON.stringify(a));
        if (!report) throw new Error("alipay transfer: an answer without an order id");
        return { providerPayoutId: report.providerPayoutId, report };
      }
      if (a.code !== "40004") throw new Error(`alipay transfer: ${a.code} ${a.sub_code ?? ""} ${a.sub_msg ?? ""}`);
      const known = await query(request.payoutId);
      if (known !== "not_found") return { providerPayoutId: known.providerPayoutId, report: known };
      // Refused, and Alipay holds no transfer for it: the payout failed, the funds go back with the reason.
      const refusal: PayoutReport = {
        providerPayoutId: `refused:${payoutNumber(request.payoutId)}`,
        payoutId: request.payoutId,
        status: "failed",
        amountFen: request.amountFen,
        failureReason: [a.sub_code, a.sub_msg].filter(Boolean).join(" ") || "40004",
        failureCode: failureCode(a.sub_code),
        payload: JSON.stringify(a),
      };
      return { providerPayoutId: refusal.providerPayoutId, report: refusal };
    },

    verifyCallback({ rawBody }) {
      const params = parseAlipayForm(rawBody);
      const sign = params.sign ?? "";
      if ((params.sign_type ?? "RSA2").toUpperCase() !== "RSA2" || !/^[A-Za-z0-9+/]+={0,2}$/.test(sign)) throw new DomainError("WEBHOOK_SIGNATURE_INVALID");
      if (!createVerify("RSA-SHA256").update(alipaySignContent(params), "utf8").verify(config.alipayPublicKey, sign, "base64")) throw new DomainError("WEBHOOK_SIGNATURE_INVALID");
      if (params.app_id !== config.appId) throw new DomainError("WEBHOOK_MERCHANT_MISMATCH");
      if (params.msg_method !== ALIPAY_TRANSFER_CHANGED) throw new DomainError("BAD_INPUT", { field: "msg_method" });
      let biz: Answer;
      try {
        biz = JSON.parse(params.biz_content ?? "") as Answer;
      } catch {
        throw new DomainError("BAD_INPUT", { field: "biz_content" });
      }
      const report = reportOf(biz, rawBody);
      if (!report) throw new DomainError("BAD_INPUT", { field: "out_biz_no" });
      return report;
    },

    async queryPayout(ref) {
      const report = await query(ref.payoutId);
      return report === "not_found" ? null : report;
    },

    answerCallback(error) {
      // Alipay stops on `success`; anything else it retries (8 times over about a day).
      return new Response(error ? "fail" : "success", { status: 200, headers: { "content-type": "text/plain; charset=utf-8" } });
    },
  };
}
