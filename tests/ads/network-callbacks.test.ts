import { generateKeyPairSync, sign } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { createDb, type DbHandle } from "@/db/client";
import { adCallbacks, adSets, adViews } from "@/db/schema";
import { saveNetworkConfig } from "@/server/domain/ads/manage-networks";
import { openAdView } from "@/server/domain/ads/open-ad-view";
import { receiveNetworkCallback } from "@/server/domain/ads/receive-network-callback";
import { AdmobKeyCache } from "@/server/domain/ads/ssv/admob";
import type { AdNetwork } from "@/server/domain/ads/ssv/network-callback";
import { pangleSign } from "@/server/domain/ads/ssv/pangle";
import { checkLedgerInvariants, readPlatformBalance, readUserBalances } from "@/server/domain/ledger";
import { FixedClock } from "@/server/domain/shared/clock";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createWatcher, setAdSettings, staffActor, start } from "./fixtures";

let t: TestDb;
let pool: DbHandle;
const clock = new FixedClock("2026-12-01T04:00:00Z");
const PANGLE_KEY = "pangle-security-key-for-tests";
const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
const KEY_ID = "3335741209";
const admobKeys = new AdmobKeyCache({
  url: "http://keys.test/verifier-keys.json",
  clock,
  fetchText: async () => JSON.stringify({ keys: [{ keyId: Number(KEY_ID), base64: publicKey.export({ type: "spki", format: "der" }).toString("base64") }] }),
});

beforeAll(async () => {
  t = await createTestDb();
  pool = createDb(t.url, { max: 24 });
  await setAdSettings(t.db, clock, { viewsPerSet: 2, setsPerDevicePerDay: 10 });
  const owner = await staffActor(t.db, "owner");
  await t.db.transaction(async (tx) => {
    await saveNetworkConfig(tx, clock, owner, { network: "pangle", enabled: true, secret: PANGLE_KEY, keyUrl: "", revenuePerViewFen: 3 });
    await saveNetworkConfig(tx, clock, owner, { network: "admob", enabled: true, secret: "", keyUrl: "http://keys.test/verifier-keys.json", revenuePerViewFen: 5 });
  });
});
afterEach(async () => {
  expect(await checkLedgerInvariants(t.db)).toEqual([]);
});
afterAll(async () => {
  await pool.close();
  await t.drop();
});

function pangleQuery(userId: string, transId: string, nonce: string): string {
  return `user_id=${userId}&trans_id=${transId}&reward_amount=1&reward_name=cash&extra=${encodeURIComponent(nonce)}&sign=${pangleSign(PANGLE_KEY, transId)}`;
}

function admobQuery(userId: string, transId: string, nonce: string): string {
  const content = [
    ["ad_network", "5450213213286189855"],
    ["ad_unit", "1234567890"],
    ["custom_data", encodeURIComponent(JSON.stringify({ nonce }))],
    ["reward_amount", "1"],
    ["reward_item", "cash"],
    ["timestamp", "1507770365237823"],
    ["transaction_id", transId],
    ["user_id", userId],
  ]
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const sig = sign("sha256", Buffer.from(content), { key: privateKey, dsaEncoding: "der" }).toString("base64url");
  return `${content}&signature=${sig}&key_id=${KEY_ID}`;
}

const query = (network: AdNetwork, userId: string, transId: string, nonce: string) => (network === "pangle" ? pangleQuery(userId, transId, nonce) : admobQuery(userId, transId, nonce));
const receive = (network: AdNetwork, rawQuery: string, db = t.db) => receiveNetworkCallback(db, clock, { network, rawQuery, admobKeys: () => admobKeys });

/** A shopper with a set in progress and an open network view; returns its nonce. */
async function networkView(network: AdNetwork, userId?: string) {
  const shopper = userId ?? (await createWatcher(t.db, clock, 10));
  const set = await start(t.db, clock, shopper);
  const view = await t.db.transaction((tx) => openAdView(tx, clock, { userId: shopper, deviceId: `dev-${shopper}`, setId: set.id, ip: "203.0.113.9", network }));
  return { userId: shopper, setId: set.id, ...view };
}

let txn = 0;
const nextTxn = () => `txn-${Date.now()}-${++txn}`;

describe.each(["pangle", "admob"] as const)("%s callbacks", (network) => {
  it("a callback signed with the network's key credits the view of its nonce, and a full set pays once", async () => {
    const v1 = await networkView(network);
    const revenue = await readPlatformBalance(t.db, "ad_revenue", "cash");
    expect(await receive(network, query(network, v1.userId, nextTxn(), v1.nonce))).toMatchObject({ status: 200, body: { isValid: true }, outcome: "credited" });
    expect(await readPlatformBalance(t.db, "ad_revenue", "cash")).toBe(revenue + (network === "pangle" ? 3 : 5));
    const v2 = await t.db.transaction((tx) => openAdView(tx, clock, { userId: v1.userId, deviceId: `dev-${v1.userId}`, setId: v1.setId, ip: "203.0.113.9", network }));
    expect((await receive(network, query(network, v1.userId, nextTxn(), v2.nonce))).body.isValid).toBe(true);
    const [set] = await t.db.select().from(adSets).where(eq(adSets.id, v1.setId));
    expect(set).toMatchObject({ status: "completed", viewsDone: 2, rewardFen: 100 });
    expect((await readUserBalances(t.db, v1.userId)).cash).toBe(100);
  });

  it("a duplicate transaction id (networks send 2–3 copies) credits once", async () => {
    const v = await networkView(network);
    const q = query(network, v.userId, nextTxn(), v.nonce);
    expect((await receive(network, q)).body.isValid).toBe(true);
    const before = await readUserBalances(t.db, v.userId);
    for (let i = 0; i < 3; i++) expect(await receive(network, q)).toMatchObject({ body: { isValid: true }, outcome: "duplicate:credited" });
    expect(await readUserBalances(t.db, v.userId)).toEqual(before);
    const [set] = await t.db.select().from(adSets).where(eq(adSets.id, v.setId));
    expect(set?.viewsDone).toBe(1);
  });

  it("20 concurrent copies of one callback credit once", async () => {
    const v = await networkView(network);
    const q = query(network, v.userId, nextTxn(), v.nonce);
    const revenue = await readPlatformBalance(t.db, "ad_revenue", "cash");
    const answers = await Promise.all(Array.from({ length: 20 }, () => receive(network, q, pool.db)));
    expect(answers.every((a) => a.status === 200 && a.body.isValid)).toBe(true);
    expect(answers.filter((a) => a.outcome === "credited")).toHaveLength(1);
    expect(await readPlatformBalance(t.db, "ad_revenue", "cash")).toBe(revenue + (network === "pangle" ? 3 : 5));
    const [set] = await t.db.select().from(adSets).where(eq(adSets.id, v.setId));
    expect(set?.viewsDone).toBe(1);
  });

  it("a reused nonce (a new transaction id for a view already credited) and a foreign nonce are refused", async () => {
    const v = await networkView(network);
    expect((await receive(network, query(network, v.userId, nextTxn(), v.nonce))).body.isValid).toBe(true);
    const reused = await receive(network, query(network, v.userId, nextTxn(), v.nonce));
    expect(reused).toMatchObject({ body: { isValid: false }, outcome: "refused:AD_VIEW_NOT_OPEN" });
    // Another shopper's nonce under this shopper's id: credits neither.
    const other = await networkView(network);
    const before = [await readUserBalances(t.db, v.userId), await readUserBalances(t.db, other.userId)];
    const foreign = await receive(network, query(network, v.userId, nextTxn(), other.nonce));
    expect(foreign).toMatchObject({ body: { isValid: false }, outcome: "refused:NOT_FOUND" });
    expect([await readUserBalances(t.db, v.userId), await readUserBalances(t.db, other.userId)]).toEqual(before);
    const [open] = await t.db.select({ n: count() }).from(adViews).where(eq(adViews.nonce, other.nonce));
    expect(open?.n).toBe(1);
    const [row] = await t.db.select().from(adViews).where(eq(adViews.nonce, other.nonce));
    expect(row?.status).toBe("open");
  });

  it("a bad signature, or a disabled network, changes nothing", async () => {
    const v = await networkView(network);
    const good = query(network, v.userId, nextTxn(), v.nonce);
    // A different character whatever the case (a hex signature may be read case-insensitively: 'a' → 'A' would still verify).
    const bad = good.replace(/(sign(?:ature)?=)(.)/, (_m, p: string, c: string) => p + (c.toLowerCase() === "a" ? "b" : "a"));
    const before = await readUserBalances(t.db, v.userId);
    const answer = await receive(network, bad);
    expect(answer.body.isValid).toBe(false);
    expect(answer.status).toBe(network === "pangle" ? 200 : 403);
    expect(await readUserBalances(t.db, v.userId)).toEqual(before);
    expect(await t.db.select().from(adCallbacks).where(eq(adCallbacks.query, bad))).toEqual([]);
  });

  it("the daily cap holds for callbacks too", async () => {
    const shopper = await createWatcher(t.db, clock, 10);
    const first = await networkView(network, shopper);
    expect((await receive(network, query(network, shopper, nextTxn(), first.nonce))).body.isValid).toBe(true);
    const second = await t.db.transaction((tx) => openAdView(tx, clock, { userId: shopper, deviceId: `dev-${shopper}`, setId: first.setId, ip: "203.0.113.9", network }));
    // Today's cap (1) is then reached by a set completed elsewhere: the set's last callback cannot pay.
    await t.db.insert(adSets).values({ userId: shopper, businessDay: "2026-12-01", setNo: 99, deviceId: "elsewhere", status: "completed", viewsRequired: 2, viewsDone: 2, createdAt: clock.now(), lastActivityAt: clock.now(), completedAt: clock.now() });
    const before = await readUserBalances(t.db, shopper);
    expect(await receive(network, query(network, shopper, nextTxn(), second.nonce))).toMatchObject({ body: { isValid: false }, outcome: "refused:AD_DAILY_CAP" });
    expect(await readUserBalances(t.db, shopper)).toEqual(before);
  });
});

it("a network disabled in the console refuses every callback", async () => {
  const v = await networkView("pangle");
  const owner = await staffActor(t.db, "owner");
  await t.db.transaction((tx) => saveNetworkConfig(tx, clock, owner, { network: "pangle", enabled: false, secret: "", keyUrl: "", revenuePerViewFen: 3 }));
  try {
    expect(await receive("pangle", pangleQuery(v.userId, nextTxn(), v.nonce))).toMatchObject({ status: 200, body: { isValid: false }, outcome: "disabled" });
  } finally {
    await t.db.transaction((tx) => saveNetworkConfig(tx, clock, owner, { network: "pangle", enabled: true, secret: "", keyUrl: "", revenuePerViewFen: 3 }));
  }
});

it("an AdMob callback signed with %20 verifies when the framework hands it re-serialised with '+' (and a changed value still fails)", async () => {
  const v = await networkView("admob");
  const transId = nextTxn();
  const content = [
    ["custom_data", encodeURIComponent(JSON.stringify({ nonce: v.nonce, note: "a space" }))],
    ["reward_amount", "1"],
    ["transaction_id", transId],
    ["user_id", v.userId],
  ]
    .map(([k, val]) => `${k}=${val}`)
    .join("&");
  const sig = sign("sha256", Buffer.from(content), { key: privateKey, dsaEncoding: "der" }).toString("base64url");
  // What Next.js's request URL carries: the query re-serialised by URLSearchParams rules.
  const reserialised = new URLSearchParams(`${content}&signature=${sig}&key_id=${KEY_ID}`).toString();
  expect(reserialised).toContain("a+space");
  const tampered = reserialised.replace("reward_amount=1", "reward_amount=2");
  expect((await receive("admob", tampered)).body.isValid).toBe(false);
  expect(await receive("admob", reserialised)).toMatchObject({ status: 200, body: { isValid: true }, outcome: "credited" });
});
