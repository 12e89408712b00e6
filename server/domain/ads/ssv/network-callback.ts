/**
 * What every ad network's server-side-verification (SSV) adapter hands to the domain: one shape, so
 * crediting a view (apply-network-callback.ts) never needs to know which network signed it. Adapters
 * return a failure reason instead of throwing, because a bad callback is expected traffic, not a bug.
 */
export const AD_NETWORKS = ["pangle", "admob"] as const;
export type AdNetwork = (typeof AD_NETWORKS)[number];

/** What a verified callback says, whatever the network. */
export interface NetworkCallback {
  network: AdNetwork;
  transactionId: string;
  userId: string;
  nonce: string;
  rewardAmount: number | null;
  rewardItem: string | null;
}

export type VerifyResult = { ok: true; callback: NetworkCallback } | { ok: false; reason: VerifyFailure };
export type VerifyFailure = "missing_param" | "bad_signature" | "unknown_key" | "signature_not_last" | "malformed" | "key_fetch_failed";

/** The single-use view nonce inside custom_data / extra: either the raw string, or a JSON object's `nonce` field. */
export function nonceFromCustomData(value: string): string {
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) {
      const nonce = (parsed as Record<string, unknown>).nonce;
      if (typeof nonce === "string") return nonce;
    }
  } catch {
    // Not JSON: the app put the nonce itself in the field.
  }
  return value.trim();
}

/** One `name=value` pair of a query string: decoded, and the exact bytes it arrived as. */
export interface RawParam {
  name: string;
  value: string;
  raw: string;
}

/**
 * Splits a query string as received (no leading "?") into its pairs, in order, keeping each pair's
 * raw text because signatures cover the bytes as sent, not a re-encoding. Form decoding ("+" is a
 * space). Returns null on broken percent-encoding or a repeated name: a signed callback never has
 * either, and a repeated name would let the parser and the signer disagree on which copy counts.
 */
export function parseRawQuery(rawQuery: string): RawParam[] | null {
  const params: RawParam[] = [];
  const seen = new Set<string>();
  for (const raw of rawQuery.split("&")) {
    if (raw === "") continue;
    const eq = raw.indexOf("=");
    const name = formDecode(eq < 0 ? raw : raw.slice(0, eq));
    const value = formDecode(eq < 0 ? "" : raw.slice(eq + 1));
    if (name === null || value === null || seen.has(name)) return null;
    seen.add(name);
    params.push({ name, value, raw });
  }
  return params;
}

function formDecode(s: string): string | null {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return null;
  }
}

/** A reward amount as networks send it: absent or empty is null; anything but a whole number is malformed (undefined). */
export function parseRewardAmount(value: string | undefined): number | null | undefined {
  if (value === undefined || value === "") return null;
  if (!/^[0-9]{1,15}$/.test(value)) return undefined;
  return Number(value);
}
