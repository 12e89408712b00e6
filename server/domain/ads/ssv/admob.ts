import { createPublicKey, verify, type KeyObject } from "node:crypto";
import type { Clock } from "../../shared/clock";
import { nonceFromCustomData, parseRawQuery, parseRewardAmount, type VerifyFailure, type VerifyResult } from "./network-callback";

/**
 * Google AdMob rewarded-ad callbacks (server-side verification). Google signs the query string, as
 * sent, up to "&signature=" with ECDSA P-256/SHA-256 and names the key in the trailing `key_id`; the
 * public keys come from a JSON document that may be cached for at most 24 hours.
 */

export type FetchText = (url: string) => Promise<string>;

const DAY_MS = 24 * 60 * 60 * 1000;
/** After a fetch whose document lacked a key id, that id earns no new fetch for this long. */
const UNKNOWN_KEY_RETRY_MS = 60_000;
/** Bounds the unknown-id memory, which callers fill with ids of their choosing. */
const UNKNOWN_KEY_MEMORY = 1_000;
const FETCH_TIMEOUT_MS = 5_000;

/** The keys could not be fetched or read: the callback is refused as key_fetch_failed, not crashed on. */
export class KeyFetchError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = "KeyFetchError";
  }
}

export const fetchTextWithTimeout: FetchText = async (url) => {
  // no-store: Next.js must not answer a rotation refetch from its own fetch cache.
  const res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), cache: "no-store" });
  if (!res.ok) throw new Error(`HTTP ${res.status} from ${url}`);
  return res.text();
};

export class AdmobKeyCache {
  private readonly url: string;
  private readonly clock: Clock;
  private readonly fetchText: FetchText;
  private readonly maxAgeMs: number;
  private keys: Map<string, KeyObject> | null = null;
  private fetchedAtMs = 0;
  private inFlight: Promise<void> | null = null;
  private readonly missedAtMs = new Map<string, number>();
  private fetches = 0;

  constructor(opts: { url: string; clock: Clock; fetchText?: FetchText; maxAgeMs?: number }) {
    this.url = opts.url;
    this.clock = opts.clock;
    this.fetchText = opts.fetchText ?? fetchTextWithTimeout;
    this.maxAgeMs = Math.min(opts.maxAgeMs ?? DAY_MS, DAY_MS);
  }

  /** How many times the keys were fetched (for tests and logs). */
  get fetchCount(): number {
    return this.fetches;
  }

  /** The key for keyId: from the cache while fresh; an unknown keyId causes exactly one refetch (concurrent callers share one in-flight fetch), then null. */
  async key(keyId: string): Promise<KeyObject | null> {
    const now = this.clock.now().getTime();
    const stale = !this.keys || now - this.fetchedAtMs >= this.maxAgeMs;
    const worthRefetch = stale || (!this.keys?.has(keyId) && !this.recentlyMissed(keyId, now));
    if (worthRefetch) await this.refresh();
    const key = this.keys?.get(keyId) ?? null;
    if (!key && worthRefetch) this.rememberMiss(keyId);
    return key;
  }

  private recentlyMissed(keyId: string, now: number): boolean {
    const at = this.missedAtMs.get(keyId);
    return at !== undefined && now - at < UNKNOWN_KEY_RETRY_MS;
  }

  private rememberMiss(keyId: string): void {
    this.missedAtMs.delete(keyId);
    this.missedAtMs.set(keyId, this.fetchedAtMs);
    // Insertion order is age order, so the oldest entries go first.
    for (const [id, at] of this.missedAtMs) {
      if (this.missedAtMs.size <= UNKNOWN_KEY_MEMORY && this.fetchedAtMs - at < UNKNOWN_KEY_RETRY_MS) break;
      this.missedAtMs.delete(id);
    }
  }

  private refresh(): Promise<void> {
    this.inFlight ??= this.load().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async load(): Promise<void> {
    const startedAtMs = this.clock.now().getTime();
    this.fetches++;
    let text: string;
    try {
      text = await this.fetchText(this.url);
    } catch (e) {
      throw new KeyFetchError(`fetching AdMob keys from ${this.url} failed`, e);
    }
    this.keys = parseAdmobKeys(text);
    // The fetch's start, not its end, so a slow fetch never makes the cache look younger than it is.
    this.fetchedAtMs = startedAtMs;
  }
}

/**
 * Reads Google's key document, `{"keys":[{"keyId": <number>, "pem": …, "base64": …}]}`. Key ids are
 * numbers there and may exceed 2^53, so they are turned into strings in the raw text before
 * JSON.parse can round them. A document without one usable P-256 key is a failed fetch.
 */
export function parseAdmobKeys(text: string): Map<string, KeyObject> {
  const quoted = text.replace(/("keyId"\s*:\s*)(\d+)(?=\s*[,}])/g, '$1"$2"');
  let doc: unknown;
  try {
    doc = JSON.parse(quoted);
  } catch (e) {
    throw new KeyFetchError("AdMob keys document is not JSON", e);
  }
  const list: unknown = doc !== null && typeof doc === "object" ? (doc as { keys?: unknown }).keys : undefined;
  if (!Array.isArray(list)) throw new KeyFetchError("AdMob keys document has no keys array");
  const keys = new Map<string, KeyObject>();
  for (const entry of list as Array<{ keyId?: unknown; pem?: unknown; base64?: unknown }>) {
    const keyId = typeof entry?.keyId === "string" ? entry.keyId : undefined;
    const key = entry ? importP256(entry.pem, entry.base64) : null;
    if (keyId && key) keys.set(keyId, key);
  }
  if (keys.size === 0) throw new KeyFetchError("AdMob keys document holds no usable key");
  return keys;
}

// One unreadable or foreign key must not cost the others, so it is skipped rather than thrown.
function importP256(pem: unknown, base64: unknown): KeyObject | null {
  try {
    const key =
      typeof pem === "string"
        ? createPublicKey(pem)
        : typeof base64 === "string"
          ? createPublicKey({ key: Buffer.from(base64, "base64"), format: "der", type: "spki" })
          : null;
    return key?.asymmetricKeyType === "ec" && key.asymmetricKeyDetails?.namedCurve === "prime256v1" ? key : null;
  } catch {
    return null;
  }
}

/** Checks an AdMob callback's query string (without "?", exactly as received) against Google's keys. */
export async function verifyAdmob(rawQuery: string, keys: AdmobKeyCache): Promise<VerifyResult> {
  const query = rawQuery.replace(/^\?/, "");
  const params = parseRawQuery(query);
  if (!params) return fail("malformed");
  const get = (name: string) => params.find((p) => p.name === name)?.value;
  const [signatureText, keyId, transactionId, userId, customData] = ["signature", "key_id", "transaction_id", "user_id", "custom_data"].map(get);
  if (!signatureText || !keyId || !transactionId || !userId || !customData) return fail("missing_param");
  // Google's rule: the signed message is everything before "&signature=", and key_id closes the query.
  const parts = query.split("&");
  if (parts.length < 3 || !parts.at(-2)?.startsWith("signature=") || !parts.at(-1)?.startsWith("key_id=")) return fail("signature_not_last");
  const signed = Buffer.from(parts.slice(0, -2).join("&"), "utf8");
  const signature = decodeSignature(signatureText);
  if (!signature) return fail("bad_signature");
  let key: KeyObject | null;
  try {
    key = await keys.key(keyId);
  } catch (e) {
    if (e instanceof KeyFetchError) return fail("key_fetch_failed");
    throw e;
  }
  if (!key) return fail("unknown_key");
  if (!verify("sha256", signed, { key, dsaEncoding: "der" }, signature)) return fail("bad_signature");
  const nonce = nonceFromCustomData(customData);
  if (!nonce) return fail("missing_param");
  const rewardAmount = parseRewardAmount(get("reward_amount"));
  if (rewardAmount === undefined) return fail("malformed");
  return {
    ok: true,
    callback: { network: "admob", transactionId, userId, nonce, rewardAmount, rewardItem: get("reward_item") || null },
  };
}

/**
 * URL-safe base64 with or without its padding. Only the canonical spelling is accepted: Buffer
 * ignores the unused low bits of the last character, which would let an altered signature pass.
 */
function decodeSignature(text: string): Buffer | null {
  const body = text.replace(/={1,2}$/, "");
  if (!/^[A-Za-z0-9_-]+$/.test(body)) return null;
  const bytes = Buffer.from(body, "base64url");
  if (bytes.toString("base64url") !== body) return null;
  if (text !== body && text !== body + "=".repeat((4 - (body.length % 4)) % 4)) return null;
  return bytes;
}

function fail(reason: VerifyFailure): VerifyResult {
  return { ok: false, reason };
}
