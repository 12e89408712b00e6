import { randomBytes, type KeyObject } from "node:crypto";
import { alipaySign, alipayTime } from "./alipay-stand-in";

/**
 * Alipay's transfer side for the Alipay stand-in (its `methods` option), written from Alipay's
 * documentation: `alipay.fund.trans.uni.transfer` (product TRANS_ACCOUNT_NO_PWD, scene DIRECT_TRANSFER,
 * payee by ALIPAY_LOGON_ID with the real name, amount in yuan with two decimals, one transfer per
 * out_biz_no: the same number again answers the first transfer), `alipay.fund.trans.common.query`, and
 * the `alipay.fund.trans.order.changed` message sent to the app gateway: a form POST of `app_id`,
 * `msg_method`, `notify_id`, `utc_timestamp`, `version`, `charset`, `biz_content`, signed RSA2 with
 * Alipay's key over the sorted parameters without `sign` and `sign_type`.
 *
 * The stand-in keeps a book of Alipay accounts (login id → real name): an unknown payee is refused
 * PAYEE_NOT_EXIST, another name PAYEE_USER_INFO_ERROR, both with code 40004 and no transfer made. A
 * known payee is paid at once (SUCCESS in the answer) or left DEALING, as the test decides, and then
 * settled SUCCESS or FAIL by the test.
 */
export interface AlipayTransfer {
  outBizNo: string;
  orderId: string;
  payFundOrderId: string;
  amount: string;
  status: "SUCCESS" | "DEALING" | "FAIL";
  failReason?: string;
  errorCode?: string;
}

export function alipayTransferDesk(options: { appId: string; alipayPrivateKey: KeyObject }) {
  const accounts = new Map<string, string>();
  const transfers = new Map<string, AlipayTransfer>();
  let mode: "instant" | "dealing" = "instant";
  let balanceFen = Number.MAX_SAFE_INTEGER;
  const calls: { method: string; biz: Record<string, unknown> }[] = [];

  const refuse = (subCode: string, subMsg: string) => ({ code: "40004", msg: "Business Failed", sub_code: subCode, sub_msg: subMsg });
  const answerOf = (t: AlipayTransfer) => ({ code: "10000", msg: "Success", out_biz_no: t.outBizNo, order_id: t.orderId, pay_fund_order_id: t.payFundOrderId, status: t.status, trans_date: alipayTime(new Date()) });

  const methods = {
    "alipay.fund.trans.uni.transfer": (biz: Record<string, unknown>) => {
      calls.push({ method: "alipay.fund.trans.uni.transfer", biz });
      const outBizNo = String(biz.out_biz_no ?? "");
      const payee = (biz.payee_info ?? {}) as Record<string, unknown>;
      if (biz.product_code !== "TRANS_ACCOUNT_NO_PWD" || biz.biz_scene !== "DIRECT_TRANSFER") return { code: "40004", msg: "Business Failed", sub_code: "INVALID_PARAMETER", sub_msg: "产品码或场景码错误" };
      if (!/^\d+\.\d{2}$/.test(String(biz.trans_amount)) || !outBizNo || !biz.order_title) return refuse("INVALID_PARAMETER", "参数有误");
      if (payee.identity_type !== "ALIPAY_LOGON_ID" || !payee.name) return refuse("INVALID_PARAMETER", "登录号转账必须传入收款方姓名");
      const known = transfers.get(outBizNo);
      if (known) return known.amount === biz.trans_amount ? answerOf(known) : refuse("PAYMENT_INFO_INCONSISTENCY", "两次请求商户单号一样，但是参数不一致");
      const realName = accounts.get(String(payee.identity));
      if (realName === undefined) return refuse("PAYEE_NOT_EXIST", "收款账号不存在");
      if (realName !== payee.name) return refuse("PAYEE_USER_INFO_ERROR", "支付宝账号和姓名不匹配，请确认姓名是否正确");
      const fen = Math.round(Number(biz.trans_amount) * 100);
      if (fen > balanceFen) return refuse("PAYER_BALANCE_NOT_ENOUGH", "付款方余额不足");
      balanceFen -= fen;
      const t: AlipayTransfer = {
        outBizNo,
        orderId: `2026${Date.now()}${randomBytes(4).toString("hex")}`,
        payFundOrderId: `2026${randomBytes(8).toString("hex")}`,
        amount: String(biz.trans_amount),
        status: mode === "instant" ? "SUCCESS" : "DEALING",
      };
      transfers.set(outBizNo, t);
      return answerOf(t);
    },
    "alipay.fund.trans.common.query": (biz: Record<string, unknown>) => {
      calls.push({ method: "alipay.fund.trans.common.query", biz });
      if (biz.product_code !== "TRANS_ACCOUNT_NO_PWD" || biz.biz_scene !== "DIRECT_TRANSFER") return refuse("INVALID_PARAMETER", "产品码或场景码错误");
      const t = transfers.get(String(biz.out_biz_no ?? ""));
      if (!t) return refuse("ORDER_NOT_EXIST", "转账订单不存在");
      return { code: "10000", msg: "Success", order_id: t.orderId, pay_fund_order_id: t.payFundOrderId, out_biz_no: t.outBizNo, trans_amount: t.amount, status: t.status, ...(t.failReason ? { fail_reason: t.failReason, error_code: t.errorCode } : {}) };
    },
  };

  /** The `alipay.fund.trans.order.changed` message for a transfer as it stands (a test may change biz fields or the params after signing). */
  function message(outBizNo: string, bizOverrides: Record<string, unknown> = {}): Record<string, string> {
    const t = transfers.get(outBizNo);
    if (!t) throw new Error(`no transfer ${outBizNo}`);
    const biz = {
      action_type: "FINISH",
      biz_scene: "DIRECT_TRANSFER",
      order_id: t.orderId,
      origin_interface: "alipay.fund.trans.uni.transfer",
      out_biz_no: t.outBizNo,
      pay_date: alipayTime(new Date()),
      pay_fund_order_id: t.payFundOrderId,
      product_code: "TRANS_ACCOUNT_NO_PWD",
      status: t.status,
      trans_amount: t.amount,
      ...(t.failReason ? { fail_reason: t.failReason, error_code: t.errorCode } : {}),
      ...bizOverrides,
    };
    const params: Record<string, string> = {
      app_id: options.appId,
      biz_content: JSON.stringify(biz),
      charset: "utf-8",
      msg_method: "alipay.fund.trans.order.changed",
      notify_id: randomBytes(16).toString("hex"),
      sign_type: "RSA2",
      utc_timestamp: String(Date.now()),
      version: "1.1",
    };
    return { ...params, sign: alipaySign(params, options.alipayPrivateKey) };
  }

  return {
    methods,
    transfers,
    calls,
    message,
    /** The form body Alipay POSTs. */
    formBody: (params: Record<string, string>) => new URLSearchParams(params).toString(),
    /** An Alipay account that exists, with its real name. */
    openAccount(loginId: string, realName: string) {
      accounts.set(loginId, realName);
    },
    /** Whether new transfers are paid in the answer or left DEALING. */
    payInstantly(instant: boolean) {
      mode = instant ? "instant" : "dealing";
    },
    setBalanceFen(fen: number) {
      balanceFen = fen;
    },
    /** Settles a DEALING transfer as Alipay later would. */
    settle(outBizNo: string, outcome: { status: "SUCCESS" } | { status: "FAIL"; errorCode: string; failReason: string }) {
      const t = transfers.get(outBizNo);
      if (!t) throw new Error(`no transfer ${outBizNo}`);
      t.status = outcome.status;
      if (outcome.status === "FAIL") {
        t.errorCode = outcome.errorCode;
        t.failReason = outcome.failReason;
      }
    },
  };
}
