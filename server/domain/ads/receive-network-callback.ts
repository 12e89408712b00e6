import type { Db } from "@/db/client";
import type { Clock } from "../shared/clock";
import { applyNetworkCallback } from "./apply-network-callback";
import { readNetworkConfigs } from "./manage-networks";
import { AdmobKeyCache, verifyAdmob } from "./ssv/admob";
import type { AdNetwork, VerifyResult } from "./ssv/network-callback";
import { pangleAnswer, verifyPangle } from "./ssv/pangle";
import { querySpellings } from "./ssv/query-spellings";

export interface CallbackAnswer {
  status: number;
  body: { isValid: boolean };
  /** For the log: why, in a word (`credited`, `refused:<code>`, `bad_signature`, `disabled`, …). */
  outcome: string;
}

/**
 * `GET /api/ads/ssv/<network>`: a network's server-side reward callback, verified by its adapter
 * against the configured credential, then credited once per transaction id (applyNetworkCallback).
 * Pangle is always answered 200 with `{isValid}` (it retries anything else); AdMob gets 200 for a
 * callback it need not resend (credited, or refused by our rules) and 403 for a bad signature.
 */
export async function receiveNetworkCallback(db: Db, clock: Clock, input: { network: AdNetwork; rawQuery: string; admobKeys: (url: string) => AdmobKeyCache }): Promise<CallbackAnswer> {
  const config = (await readNetworkConfigs(db)).find((c) => c.network === input.network);
  const refuse = (outcome: string, status = input.network === "pangle" ? 200 : 403): CallbackAnswer => ({ status, body: { isValid: false }, outcome });
  if (!config?.enabled) return refuse("disabled");
  let verified: VerifyResult;
  if (input.network === "pangle") verified = verifyPangle(input.rawQuery, config.secret);
  else verified = await verifyAnySpelling(input.rawQuery, (q) => verifyAdmob(q, input.admobKeys(config.keyUrl)));
  if (!verified.ok) return refuse(verified.reason, input.network === "admob" && verified.reason === "key_fetch_failed" ? 503 : undefined);
  const result = await applyNetworkCallback(db, clock, verified.callback, input.rawQuery);
  const answer = pangleAnswer(result.credited);
  return { status: answer.status, body: answer.body, outcome: result.duplicate ? `duplicate:${result.outcome}` : result.outcome };
}

/** The first spelling of the query whose signature verifies; else the refusal of the query as received. */
async function verifyAnySpelling(rawQuery: string, verify: (q: string) => Promise<VerifyResult>): Promise<VerifyResult> {
  let first: VerifyResult | null = null;
  for (const q of querySpellings(rawQuery)) {
    const result = await verify(q);
    if (result.ok) return result;
    first ??= result;
    // Only a signature mismatch can depend on the spelling.
    if (result.reason !== "bad_signature") return result;
  }
  return first ?? { ok: false, reason: "malformed" };
}
