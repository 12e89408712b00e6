import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdmobKeyCache, verifyAdmob } from "@/server/domain/ads/ssv/admob";
import { FixedClock } from "@/server/domain/shared/clock";

// The suite plays Google: its own P-256 keys, queries signed byte for byte, a key document served over HTTP.

interface TestKey {
  privateKey: KeyObject;
  pem: string;
  base64: string;
}

function newKey(): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  return {
    privateKey,
    pem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    base64: publicKey.export({ type: "spki", format: "der" }).toString("base64"),
  };
}

const KEY_A = newKey();
const KEY_B = newKey();
const BIG_KEY_ID = "18446744073709551557"; // > 2^53: a float would read it as 18446744073709551616

/** Google's document shape, with keyId written as a bare JSON number like the real one. */
function keysDoc(...entries: Array<{ keyId: string; key: TestKey; as?: "pem" | "base64" | "both" }>): string {
  const items = entries.map(({ keyId, key, as = "both" }) => {
    const fields = [`"keyId": ${keyId}`];
    if (as !== "base64") fields.push(`"pem": ${JSON.stringify(key.pem)}`);
    if (as !== "pem") fields.push(`"base64": ${JSON.stringify(key.base64)}`);
    return `{${fields.join(", ")}}`;
  });
  return `{"keys": [${items.join(", ")}]}`;
}

/** Raw `name=value` pairs as Google would put them in the URL (values already percent-encoded). */
const PARAMS: Array<[string, string]> = [
  ["ad_network", "5450213213286189855"],
  ["ad_unit", "1234567890"],
  ["custom_data", "view-nonce-77"],
  ["reward_amount", "10"],
  ["reward_item", "coins"],
  ["timestamp", "1507770365237823"],
  ["transaction_id", "18fa792de1bca816048293fc71035638"],
  ["user_id", "u_1234567"],
];

/**
 * Signs the bytes before "&signature=" and appends signature and key_id. `padding` forces a signature
 * whose length is not a multiple of 3 bytes, so that padding (and unused tail bits) exist at all.
 */
function signedQuery(opts: { keyId: string; key?: TestKey; params?: Array<[string, string]>; padding?: "padded" | "unpadded" }): string {
  const content = (opts.params ?? PARAMS).map(([k, v]) => `${k}=${v}`).join("&");
  let sig: Buffer;
  do {
    sig = sign("sha256", Buffer.from(content), { key: (opts.key ?? KEY_A).privateKey, dsaEncoding: "der" });
  } while (opts.padding && sig.length % 3 === 0);
  let text = sig.toString("base64url");
  if (opts.padding === "padded") text += "=".repeat((4 - (text.length % 4)) % 4);
  return `${content}&signature=${text}&key_id=${opts.keyId}`;
}

function withParam(name: string, value: string): Array<[string, string]> {
  return PARAMS.map(([k, v]): [string, string] => [k, k === name ? value : v]);
}

const START = "2026-11-25T12:00:00Z";
const HOUR_MS = 60 * 60 * 1000;

/** A cache over an in-memory document the test can change; `doc` is read at each fetch. */
function memoryCache(clock: FixedClock, state: { doc: string }, maxAgeMs?: number): AdmobKeyCache {
  return new AdmobKeyCache({ url: "memory://verifier-keys.json", clock, maxAgeMs, fetchText: async () => state.doc });
}

let server: Server;
let url: string;
const served = { status: 200, body: keysDoc({ keyId: "101", key: KEY_A }), hits: 0 };

beforeAll(async () => {
  server = createServer((_req, res) => {
    served.hits++;
    res.writeHead(served.status, { "content-type": "application/json" });
    res.end(served.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/verifier-keys.json`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("verifyAdmob", () => {
  it("passes a callback signed by the test's own key (keys over HTTP with the default fetch) and reports its fields", async () => {
    served.status = 200;
    served.body = keysDoc({ keyId: "101", key: KEY_A });
    const hitsBefore = served.hits;
    const keys = new AdmobKeyCache({ url, clock: new FixedClock(START) });
    expect(await verifyAdmob(signedQuery({ keyId: "101" }), keys)).toEqual({
      ok: true,
      callback: {
        network: "admob",
        transactionId: "18fa792de1bca816048293fc71035638",
        userId: "u_1234567",
        nonce: "view-nonce-77",
        rewardAmount: 10,
        rewardItem: "coins",
      },
    });
    expect(await verifyAdmob(signedQuery({ keyId: "101" }), keys)).toMatchObject({ ok: true });
    expect(keys.fetchCount).toBe(1);
    expect(served.hits - hitsBefore).toBe(1);
  });

  it("fails when any single byte of any parameter value, the signature or key_id is changed", async () => {
    const keys = memoryCache(new FixedClock(START), { doc: keysDoc({ keyId: "101", key: KEY_A }) });
    // Unpadded with a length not a multiple of 3: the last character carries unused bits.
    const query = signedQuery({ keyId: "101", padding: "unpadded" });
    expect((await verifyAdmob(query, keys)).ok).toBe(true);
    const pairs = query.split("&");
    let checked = 0;
    for (const [p, pair] of pairs.entries()) {
      const name = pair.slice(0, pair.indexOf("="));
      for (let i = name.length + 1; i < pair.length; i++) {
        const altered = [...pairs.slice(0, p), pair.slice(0, i) + flip(pair[i] ?? ""), ...pairs.slice(p + 1)].join("&");
        const expected = name === "key_id" ? "unknown_key" : "bad_signature";
        expect(await verifyAdmob(altered, keys), `${name}[${i - name.length - 1}]`).toEqual({ ok: false, reason: expected });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(150);
  });

  it("fails when a parameter name is changed", async () => {
    const keys = memoryCache(new FixedClock(START), { doc: keysDoc({ keyId: "101", key: KEY_A }) });
    const query = signedQuery({ keyId: "101" });
    for (const [name] of PARAMS) {
      const altered = query.replace(`${name}=`, `${flip(name[0] ?? "")}${name.slice(1)}=`);
      expect((await verifyAdmob(altered, keys)).ok, name).toBe(false);
    }
  });

  it("rejects a signature whose last character differs only in unused bits", async () => {
    const keys = memoryCache(new FixedClock(START), { doc: keysDoc({ keyId: "101", key: KEY_A }) });
    const query = signedQuery({ keyId: "101", padding: "unpadded" });
    const sig = query.slice(query.indexOf("&signature=") + 11, query.indexOf("&key_id="));
    const last = B64URL.indexOf(sig.at(-1) ?? "");
    const twin = sig.slice(0, -1) + (B64URL[last ^ 1] ?? "");
    expect(Buffer.from(twin, "base64url").equals(Buffer.from(sig, "base64url"))).toBe(true);
    expect(await verifyAdmob(query.replace(sig, twin), keys)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("fails a callback signed by another key under a known key_id", async () => {
    const keys = memoryCache(new FixedClock(START), { doc: keysDoc({ keyId: "101", key: KEY_A }) });
    expect(await verifyAdmob(signedQuery({ keyId: "101", key: KEY_B }), keys)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("refetches exactly once for an unknown key_id, then rejects; the same id within the minute fetches nothing", async () => {
    const clock = new FixedClock(START);
    const keys = memoryCache(clock, { doc: keysDoc({ keyId: "101", key: KEY_A }) });
    expect((await verifyAdmob(signedQuery({ keyId: "101" }), keys)).ok).toBe(true);
    expect(keys.fetchCount).toBe(1);
    expect(await verifyAdmob(signedQuery({ keyId: "999" }), keys)).toEqual({ ok: false, reason: "unknown_key" });
    expect(keys.fetchCount).toBe(2);
    clock.advance(59_000);
    expect(await verifyAdmob(signedQuery({ keyId: "999" }), keys)).toEqual({ ok: false, reason: "unknown_key" });
    expect(keys.fetchCount).toBe(2);
    clock.advance(1_000);
    expect(await verifyAdmob(signedQuery({ keyId: "999" }), keys)).toEqual({ ok: false, reason: "unknown_key" });
    expect(keys.fetchCount).toBe(3);
  });

  it("shares one in-flight fetch among a concurrent burst with an unknown key_id", async () => {
    const state = { doc: keysDoc({ keyId: "101", key: KEY_A }) };
    const keys = memoryCache(new FixedClock(START), state);
    expect((await verifyAdmob(signedQuery({ keyId: "101" }), keys)).ok).toBe(true);
    const burst = await Promise.all(Array.from({ length: 20 }, () => verifyAdmob(signedQuery({ keyId: "777" }), keys)));
    expect(burst.every((r) => !r.ok && r.reason === "unknown_key")).toBe(true);
    expect(keys.fetchCount).toBe(2);
  });

  it("refetches once after the key rotates on the server and verifies with the new key", async () => {
    const state = { doc: keysDoc({ keyId: "101", key: KEY_A }) };
    const keys = memoryCache(new FixedClock(START), state);
    expect((await verifyAdmob(signedQuery({ keyId: "101" }), keys)).ok).toBe(true);
    state.doc = keysDoc({ keyId: "101", key: KEY_A }, { keyId: "202", key: KEY_B });
    expect((await verifyAdmob(signedQuery({ keyId: "202", key: KEY_B }), keys)).ok).toBe(true);
    expect((await verifyAdmob(signedQuery({ keyId: "202", key: KEY_B }), keys)).ok).toBe(true);
    expect((await verifyAdmob(signedQuery({ keyId: "101" }), keys)).ok).toBe(true);
    expect(keys.fetchCount).toBe(2);
  });

  it("refetches a cache older than 24 hours, and not before", async () => {
    const clock = new FixedClock(START);
    const keys = memoryCache(clock, { doc: keysDoc({ keyId: "101", key: KEY_A }) });
    expect((await verifyAdmob(signedQuery({ keyId: "101" }), keys)).ok).toBe(true);
    clock.advance(24 * HOUR_MS - 1);
    expect((await verifyAdmob(signedQuery({ keyId: "101" }), keys)).ok).toBe(true);
    expect(keys.fetchCount).toBe(1);
    clock.advance(2);
    expect((await verifyAdmob(signedQuery({ keyId: "101" }), keys)).ok).toBe(true);
    expect(keys.fetchCount).toBe(2);
  });

  it("caps maxAgeMs at 24 hours and honours a shorter one", async () => {
    const clock = new FixedClock(START);
    const long = memoryCache(clock, { doc: keysDoc({ keyId: "101", key: KEY_A }) }, 48 * HOUR_MS);
    const short = memoryCache(clock, { doc: keysDoc({ keyId: "101", key: KEY_A }) }, HOUR_MS);
    await verifyAdmob(signedQuery({ keyId: "101" }), long);
    await verifyAdmob(signedQuery({ keyId: "101" }), short);
    clock.advance(HOUR_MS);
    await verifyAdmob(signedQuery({ keyId: "101" }), short);
    expect(short.fetchCount).toBe(2);
    clock.advance(24 * HOUR_MS);
    await verifyAdmob(signedQuery({ keyId: "101" }), long);
    expect(long.fetchCount).toBe(2);
  });

  it("refetches a stale cache even for a key id that recently went unknown", async () => {
    const clock = new FixedClock(START);
    const state = { doc: keysDoc({ keyId: "101", key: KEY_A }) };
    const keys = memoryCache(clock, state, 30_000);
    expect(await verifyAdmob(signedQuery({ keyId: "202", key: KEY_B }), keys)).toMatchObject({ ok: false, reason: "unknown_key" });
    state.doc = keysDoc({ keyId: "202", key: KEY_B });
    clock.advance(30_000);
    expect((await verifyAdmob(signedQuery({ keyId: "202", key: KEY_B }), keys)).ok).toBe(true);
    expect(keys.fetchCount).toBe(2);
  });

  it("verifies a key_id above 2^53 served as a raw JSON number, keeping it as a string", async () => {
    served.status = 200;
    served.body = keysDoc({ keyId: BIG_KEY_ID, key: KEY_A });
    // The point of the test: a plain JSON.parse would round this id.
    expect(String((JSON.parse(served.body) as { keys: Array<{ keyId: number }> }).keys[0]?.keyId)).not.toBe(BIG_KEY_ID);
    const keys = new AdmobKeyCache({ url, clock: new FixedClock(START) });
    expect((await verifyAdmob(signedQuery({ keyId: BIG_KEY_ID }), keys)).ok).toBe(true);
    expect(await keys.key(BIG_KEY_ID)).not.toBeNull();
    expect(await keys.key("18446744073709551616")).toBeNull();
    expect(await verifyAdmob(signedQuery({ keyId: "18446744073709551616" }), keys)).toEqual({ ok: false, reason: "unknown_key" });
  });

  it("fails with signature_not_last when key_id comes before signature", async () => {
    const keys = memoryCache(new FixedClock(START), { doc: keysDoc({ keyId: "101", key: KEY_A }) });
    const query = signedQuery({ keyId: "101" });
    const [content, tail] = query.split("&signature=") as [string, string];
    const [sig, keyId] = tail.split("&key_id=") as [string, string];
    expect(await verifyAdmob(`${content}&key_id=${keyId}&signature=${sig}`, keys)).toEqual({ ok: false, reason: "signature_not_last" });
  });

  it("fails with signature_not_last when a parameter follows key_id", async () => {
    const keys = memoryCache(new FixedClock(START), { doc: keysDoc({ keyId: "101", key: KEY_A }) });
    const query = signedQuery({ keyId: "101" });
    expect(await verifyAdmob(`${query}&extra=1`, keys)).toEqual({ ok: false, reason: "signature_not_last" });
    expect(await verifyAdmob(`${query}&`, keys)).toEqual({ ok: false, reason: "signature_not_last" });
  });

  it("fails with signature_not_last when signature sits in the middle", async () => {
    const keys = memoryCache(new FixedClock(START), { doc: keysDoc({ keyId: "101", key: KEY_A }) });
    const query = signedQuery({ keyId: "101" });
    const [content, tail] = query.split("&signature=") as [string, string];
    const [sig, keyId] = tail.split("&key_id=") as [string, string];
    const moved = content.replace("&user_id=", `&signature=${sig}&user_id=`);
    expect(await verifyAdmob(`${moved}&key_id=${keyId}`, keys)).toEqual({ ok: false, reason: "signature_not_last" });
    expect(keys.fetchCount).toBe(0);
  });

  it("verifies a percent-encoded custom_data holding JSON with spaces and yields its nonce", async () => {
    const keys = memoryCache(new FixedClock(START), { doc: keysDoc({ keyId: "101", key: KEY_A }) });
    const encoded = encodeURIComponent('{"nonce": "abc 123"}');
    expect(encoded).toContain("%20");
    const result = await verifyAdmob(signedQuery({ keyId: "101", params: withParam("custom_data", encoded) }), keys);
    expect(result.ok && result.callback.nonce).toBe("abc 123");
  });

  it("verifies with a key given only as base64 DER", async () => {
    const keys = memoryCache(new FixedClock(START), { doc: keysDoc({ keyId: "101", key: KEY_A, as: "base64" }) });
    expect((await verifyAdmob(signedQuery({ keyId: "101" }), keys)).ok).toBe(true);
  });

  it("verifies with a key given only as PEM", async () => {
    const keys = memoryCache(new FixedClock(START), { doc: keysDoc({ keyId: "101", key: KEY_A, as: "pem" }) });
    expect((await verifyAdmob(signedQuery({ keyId: "101" }), keys)).ok).toBe(true);
  });

  it("verifies both a padded and an unpadded signature", async () => {
    const keys = memoryCache(new FixedClock(START), { doc: keysDoc({ keyId: "101", key: KEY_A }) });
    const padded = signedQuery({ keyId: "101", padding: "padded" });
    const unpadded = signedQuery({ keyId: "101", padding: "unpadded" });
    expect(padded).toMatch(/=&key_id=/);
    expect(unpadded).not.toMatch(/=&key_id=/);
    expect((await verifyAdmob(padded, keys)).ok).toBe(true);
    expect((await verifyAdmob(unpadded, keys)).ok).toBe(true);
    expect((await verifyAdmob(padded.replace(/(=+)&key_id=/, (_m, eqs: string) => `${eqs.replace(/=/g, "%3D")}&key_id=`), keys)).ok).toBe(true);
    expect(await verifyAdmob(padded.replace(/=&key_id=/, "===&key_id="), keys)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("gives key_fetch_failed when the key server answers 500, and recovers once it answers again", async () => {
    served.status = 500;
    served.body = "oops";
    const keys = new AdmobKeyCache({ url, clock: new FixedClock(START) });
    expect(await verifyAdmob(signedQuery({ keyId: "101" }), keys)).toEqual({ ok: false, reason: "key_fetch_failed" });
    served.status = 200;
    served.body = keysDoc({ keyId: "101", key: KEY_A });
    expect((await verifyAdmob(signedQuery({ keyId: "101" }), keys)).ok).toBe(true);
    expect(keys.fetchCount).toBe(2);
  });

  it("gives key_fetch_failed for an unreachable server, a thrown fetch, or an unusable document", async () => {
    const clock = new FixedClock(START);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/keys.json`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const query = signedQuery({ keyId: "101" });
    expect(await verifyAdmob(query, new AdmobKeyCache({ url: deadUrl, clock }))).toEqual({ ok: false, reason: "key_fetch_failed" });
    const throwing = new AdmobKeyCache({ url: "x", clock, fetchText: () => Promise.reject(new Error("network down")) });
    expect(await verifyAdmob(query, throwing)).toEqual({ ok: false, reason: "key_fetch_failed" });
    const otherCurve = generateKeyPairSync("ec", { namedCurve: "secp384r1" }).publicKey.export({ type: "spki", format: "pem" }).toString();
    for (const doc of ["not json", "{}", '{"keys": []}', `{"keys": [{"keyId": 101, "pem": ${JSON.stringify(otherCurve)}}]}`]) {
      expect(await verifyAdmob(query, memoryCache(clock, { doc })), doc.slice(0, 20)).toEqual({ ok: false, reason: "key_fetch_failed" });
    }
  });

  it("fails with missing_param when a required parameter is absent", async () => {
    const keys = memoryCache(new FixedClock(START), { doc: keysDoc({ keyId: "101", key: KEY_A }) });
    for (const name of ["transaction_id", "user_id", "custom_data"]) {
      const params = PARAMS.filter(([k]) => k !== name);
      expect(await verifyAdmob(signedQuery({ keyId: "101", params }), keys), name).toEqual({ ok: false, reason: "missing_param" });
    }
    const query = signedQuery({ keyId: "101" });
    expect(await verifyAdmob(query.slice(0, query.indexOf("&signature=")), keys)).toEqual({ ok: false, reason: "missing_param" });
    expect(await verifyAdmob(query.replace(/&key_id=.*$/, ""), keys)).toEqual({ ok: false, reason: "missing_param" });
  });

  it("refuses a repeated parameter as malformed", async () => {
    const keys = memoryCache(new FixedClock(START), { doc: keysDoc({ keyId: "101", key: KEY_A }) });
    const params: Array<[string, string]> = [...PARAMS, ["user_id", "someone_else"]];
    expect(await verifyAdmob(signedQuery({ keyId: "101", params }), keys)).toEqual({ ok: false, reason: "malformed" });
  });
});

const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** A different character: the base64url neighbour (lowest bit flipped) when there is one, else the code point ^ 1. */
function flip(c: string): string {
  const i = B64URL.indexOf(c);
  return i >= 0 ? (B64URL[i ^ 1] ?? "") : String.fromCharCode(c.charCodeAt(0) ^ 1);
}
