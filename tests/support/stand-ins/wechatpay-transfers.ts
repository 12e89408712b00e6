import { constants, privateDecrypt, randomBytes, type KeyObject } from "node:crypto";

/**
 * WeChat Pay's merchant transfer (商家转账) for the WeChat Pay stand-in (its `routes` option), written
 * from WeChat Pay's documentation: `POST /v3/fund-app/mch-transfer/transfer-bills` (appid, out_bill_no
 * of letters and digits up to 32, a transfer scene with its report lines, the payee's openid,
 * `user_name` encrypted with WeChat Pay's public key — RSAES-OAEP — which the stand-in decrypts with
 * its private key and checks against the account's real name, the amount in fen, a remark up to 32
 * characters); one bill per out_bill_no (the same number again answers the first bill); the bill waits
 * for the user to accept it (WAIT_USER_CONFIRM, with `package_info`), then SUCCESS, or FAIL / CANCELLED
 * with a `fail_reason`; `GET …/transfer-bills/out-bill-no/{out_bill_no}` answers it (404 NOT_FOUND
 * when there is none). The notification is `MCHTRANSFER.BILL.FINISHED`, whose resource (original
 * type and associated data `mch_payment`) the stand-in's `notification` encrypts.
 *
 * The stand-in's routes are matched by exact path: each bill's query route is added when it is made.
 */
export interface TransferBill {
  out_bill_no: string;
  transfer_bill_no: string;
  appid: string;
  mch_id: string;
  openid: string;
  transfer_amount: number;
  state: "WAIT_USER_CONFIRM" | "SUCCESS" | "FAIL" | "CANCELLED";
  fail_reason?: string;
  create_time: string;
  update_time: string;
  package_info: string;
}

type Route = (body: Record<string, unknown>, url: URL) => { status: number; body: unknown };
const BILLS = "/v3/fund-app/mch-transfer/transfer-bills";
const SCENES: Record<string, string[]> = { "1000": ["活动名称", "奖励说明"], "1005": ["岗位类型", "报酬说明"] };

export function wechatTransferDesk(options: { appId: string; mchId: string; platformPrivateKey: KeyObject }) {
  const users = new Map<string, string>();
  const bills = new Map<string, TransferBill>();
  const routes: Record<string, Route> = {};
  const requests: Record<string, unknown>[] = [];
  let balanceFen = Number.MAX_SAFE_INTEGER;

  const error = (status: number, code: string, message: string) => ({ status, body: { code, message } });
  const createAnswer = (b: TransferBill) => ({ status: 200, body: { out_bill_no: b.out_bill_no, transfer_bill_no: b.transfer_bill_no, create_time: b.create_time, state: b.state, package_info: b.package_info, ...(b.fail_reason ? { fail_reason: b.fail_reason } : {}) } });
  const queryAnswer = (b: TransferBill) => ({ status: 200, body: { ...b } });

  routes[`POST ${BILLS}`] = (body) => {
    requests.push(body);
    const outBillNo = String(body.out_bill_no ?? "");
    if (!/^[A-Za-z0-9]{5,32}$/.test(outBillNo)) return error(400, "PARAM_ERROR", "商户单号只能由数字、大小写字母组成，5-32位");
    if (body.appid !== options.appId) return error(400, "APPID_MCHID_NOT_MATCH", "appid和mch_id不匹配");
    const reports = SCENES[String(body.transfer_scene_id)];
    const given = Array.isArray(body.transfer_scene_report_infos) ? (body.transfer_scene_report_infos as { info_type?: string; info_content?: string }[]) : [];
    if (!reports) return error(400, "INVALID_REQUEST", "转账场景未开通");
    if (reports.some((r) => !given.some((g) => g.info_type === r && g.info_content))) return error(400, "PARAM_ERROR", "转账场景报备信息不完整");
    const amount = body.transfer_amount;
    if (typeof amount !== "number" || !Number.isInteger(amount) || amount < 10) return error(400, "PARAM_ERROR", "转账金额不合法");
    if (typeof body.transfer_remark !== "string" || [...body.transfer_remark].length > 32 || !body.transfer_remark) return error(400, "PARAM_ERROR", "转账备注不合法");
    const known = bills.get(outBillNo);
    if (known) return known.transfer_amount === amount && known.openid === body.openid ? createAnswer(known) : error(400, "INVALID_REQUEST", "商户单号重复，但参数不一致");
    if (amount > balanceFen) return error(403, "NOT_ENOUGH", "商户运营账户资金不足");
    let name: string | null = null;
    if (body.user_name !== undefined) {
      try {
        name = privateDecrypt({ key: options.platformPrivateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" }, Buffer.from(String(body.user_name), "base64")).toString("utf8");
      } catch {
        return error(400, "PARAM_ERROR", "user_name 解密失败");
      }
    } else if (amount >= 200_000) return error(400, "PARAM_ERROR", "转账金额大于等于2000元时必须填写收款用户姓名");
    balanceFen -= amount;
    const now = new Date().toISOString();
    const realName = users.get(String(body.openid));
    const bill: TransferBill = {
      out_bill_no: outBillNo,
      transfer_bill_no: `1330000${Date.now()}${randomBytes(4).toString("hex")}`,
      appid: options.appId,
      mch_id: options.mchId,
      openid: String(body.openid),
      transfer_amount: amount,
      state: "WAIT_USER_CONFIRM",
      create_time: now,
      update_time: now,
      package_info: `ABBQO+oYAAABAAAAAAB${randomBytes(12).toString("hex")}`,
    };
    // WeChat accepts the bill, then fails it: an openid it does not know, or a name that is not the account's.
    if (realName === undefined) Object.assign(bill, { state: "FAIL", fail_reason: "OPENID_INVALID" });
    else if (name !== null && name !== realName) Object.assign(bill, { state: "FAIL", fail_reason: "NAME_NOT_CORRECT" });
    bills.set(outBillNo, bill);
    routes[`GET ${BILLS}/out-bill-no/${outBillNo}`] = () => queryAnswer(bill);
    return createAnswer(bill);
  };

  return {
    routes,
    bills,
    requests,
    /** A WeChat user under our AppID, with their real name. */
    openAccount(openid: string, realName: string) {
      users.set(openid, realName);
    },
    setBalanceFen(fen: number) {
      balanceFen = fen;
    },
    /** The user accepts the transfer in WeChat (SUCCESS), or it fails / is cancelled (not accepted in 24 hours). */
    settle(outBillNo: string, outcome: { state: "SUCCESS" } | { state: "FAIL"; failReason: string } | { state: "CANCELLED" }) {
      const b = bills.get(outBillNo);
      if (!b) throw new Error(`no bill ${outBillNo}`);
      b.state = outcome.state;
      if (outcome.state === "FAIL") b.fail_reason = outcome.failReason;
      b.update_time = new Date().toISOString();
    },
    /** The decrypted resource of the bill's MCHTRANSFER.BILL.FINISHED notification, as it stands. */
    finished(outBillNo: string): Record<string, unknown> {
      const b = bills.get(outBillNo);
      if (!b) throw new Error(`no bill ${outBillNo}`);
      return { out_bill_no: b.out_bill_no, transfer_bill_no: b.transfer_bill_no, state: b.state, mch_id: b.mch_id, transfer_amount: b.transfer_amount, openid: b.openid, create_time: b.create_time, update_time: b.update_time, ...(b.fail_reason ? { fail_reason: b.fail_reason } : {}) };
    },
  };
}
