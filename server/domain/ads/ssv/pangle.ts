import { createHash, timingSafeEqual } from "node:crypto";
import { nonceFromCustomData, parseRawQuery, parseRewardAmount, type VerifyResult } from "./network-callback";

/**
 * Pangle (穿山甲) reward callbacks. Pangle signs only the transaction id with the app's security
 * key, so `user_id`, `extra` and the reward fields ride along unsigned; what keeps a copied
 * (trans_id, sign) pair from crediting twice is the (network, transaction id) record downstream.
 */

/** `hex(sha256(appSecurityKey + ":" + transId))`, as Pangle computes it. */
export function pangleSign(appSecurityKey: string, transId: string): string {
  return createHash("sha256").update(`${appSecurityKey}:${transId}`, "utf8").digest("hex");
}

/** Checks a callback's query string (without "?", as received) against the app security key. */
export function verifyPangle(rawQuery: string, appSecurityKey: string): VerifyResult {
  const params = parseRawQuery(rawQuery.replace(/^\?/, ""));
  if (!params) return { ok: false, reason: "malformed" };
  const get = (name: string) => params.find((p) => p.name === name)?.value;
  const userId = get("user_id");
  const transId = get("trans_id");
  const sign = get("sign");
  const extra = get("extra");
  if (!userId || !transId || !sign || !extra) return { ok: false, reason: "missing_param" };
  if (!signMatches(sign, pangleSign(appSecurityKey, transId))) return { ok: false, reason: "bad_signature" };
  const nonce = nonceFromCustomData(extra);
  if (!nonce) return { ok: false, reason: "missing_param" };
  const rewardAmount = parseRewardAmount(get("reward_amount"));
  if (rewardAmount === undefined) return { ok: false, reason: "malformed" };
  return {
    ok: true,
    callback: { network: "pangle", transactionId: transId, userId, nonce, rewardAmount, rewardItem: get("reward_name") || null },
  };
}

/** Pangle's documented reply: status 200 whether or not the callback verified; the verdict is in the body. */
export function pangleAnswer(valid: boolean): { status: 200; body: { isValid: boolean } } {
  return { status: 200, body: { isValid: valid } };
}

// Constant time over the 32 digest bytes; hex case does not matter.
function signMatches(given: string, expectedHex: string): boolean {
  if (!/^[0-9a-fA-F]{64}$/.test(given)) return false;
  return timingSafeEqual(Buffer.from(given, "hex"), Buffer.from(expectedHex, "hex"));
}
