/**
 * The ads console through the tRPC router (spec §6, §8, §9): prepayments into an advertiser's budget
 * account, campaigns, the cash-out rules, ad networks and the report, each called with a staff
 * session as the console would. Refusals are checked for their code, a Chinese message and that
 * nothing was written; the report is held equal to the ledger.
 */
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, count, eq, sql } from "drizzle-orm";
import { createDb } from "@/db/client";
import type { UserRole } from "@/db/schema";
import { adCampaigns, adNetworks, adPrepayments, adSets, adViews, auditLog, ledgerEntries, settings } from "@/db/schema";
import { AD_SETTING_DEFAULTS, type AdSettings } from "@/server/domain/ads/ad-settings";
import { applyNetworkCallback } from "@/server/domain/ads/apply-network-callback";
import { expireAdSessions } from "@/server/domain/ads/expire-ad-sessions";
import type { CampaignInput } from "@/server/domain/ads/manage-campaigns";
import { openAdView } from "@/server/domain/ads/open-ad-view";
import { checkLedgerInvariants, readPlatformBalance, readUserBalances } from "@/server/domain/ledger";
import { FixedClock, type Clock } from "@/server/domain/shared/clock";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser } from "../helpers/factories";
import { callerFor, catchTrpc, type CaughtError } from "../helpers/api-caller";
import { makePromoter } from "../store/fixtures";
import { campaignRow, complete, createAdvertiser, createCampaign, createWatcher, creativeUrl, open, setAdSettings, start, watchSet } from "./fixtures";

let t: TestDb;
// 12:00 in Shanghai. Each describe below works on business days of its own, so campaigns made by one
// (which end the same day) are never served to another's shoppers, and the report's days hold only its own.
const clock = new FixedClock("2026-11-25T04:00:00Z");
const staff: Partial<Record<UserRole, { id: string; role: UserRole }>> = {};

beforeAll(async () => {
  t = await createTestDb({ max: 10 });
  for (const role of ["owner", "operator", "finance", "support"] as const) staff[role] = { id: (await createUser(t.db, { role })).id, role };
});
afterEach(async () => {
  expect(await checkLedgerInvariants(t.db)).toEqual([]);
});
afterAll(() => t?.drop());

const as = (role: UserRole, c: Clock = clock, db = t.db) => {
  const session = staff[role];
  if (!session) throw new Error(`no ${role} session`);
  return callerFor(db, c, session, { ip: "203.0.113.9" });
};

/** The caller sees a translated, non-empty Chinese message. */
function expectRefused(err: CaughtError, trpcCode: CaughtError["trpcCode"], domainCode: CaughtError["domainCode"]): void {
  expect({ trpcCode: err.trpcCode, domainCode: err.domainCode }).toEqual({ trpcCode, domainCode });
  expect(err.message).toMatch(/[\u4e00-\u9fff]/);
}

const countOf = async (table: typeof ledgerEntries | typeof auditLog | typeof adPrepayments | typeof adCampaigns) => {
  const [row] = await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${table}`);
  return row?.n ?? 0;
};
const auditOf = (targetType: string, targetId: string) => t.db.select().from(auditLog).where(and(eq(auditLog.targetType, targetType), eq(auditLog.targetId, targetId))).orderBy(auditLog.id);

async function advertiserBalance(advertiserId: string): Promise<number> {
  const [row] = await t.db.execute<{ balance: string }>(sql`SELECT balance FROM ledger_accounts WHERE advertiser_id = ${advertiserId} AND asset = 'cash'`);
  return Number(row?.balance ?? 0);
}

/** Everything a prepayment may write: entries, audit rows, prepayment rows, the budget account. */
async function prepaymentState(advertiserId: string) {
  return { entries: await countOf(ledgerEntries), audit: await countOf(auditLog), prepayments: await countOf(adPrepayments), balance: await advertiserBalance(advertiserId) };
}

// ---- prepayments ------------------------------------------------------------------------------

describe("admin.ads.recordPrepayment", () => {
  const prepay = (advertiserId: string, amountFen: number, extra: { prepaymentId?: string; reference?: string } = {}) => ({
    prepaymentId: extra.prepaymentId ?? randomUUID(),
    advertiserId,
    amountFen,
    reference: extra.reference ?? `BANK-${randomUUID().slice(0, 8)}`,
  });

  it("raises the advertiser's budget by exactly the amount, from ad_prepayments, and audits it with before and after", async () => {
    const advertiserId = await createAdvertiser(t.db, clock, 0);
    const platformBefore = await readPlatformBalance(t.db, "ad_prepayments", "cash");
    const input = prepay(advertiserId, 12_345);

    await expect(as("finance").admin.ads.recordPrepayment(input)).resolves.toEqual({ id: input.prepaymentId, amountFen: 12_345 });

    expect(await advertiserBalance(advertiserId)).toBe(12_345);
    expect(await readPlatformBalance(t.db, "ad_prepayments", "cash")).toBe(platformBefore - 12_345);
    const entries = await t.db.select().from(ledgerEntries).where(eq(ledgerEntries.idempotencyKey, `ads:prepayment:${input.prepaymentId}`));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ asset: "cash", amount: 12_345, reason: "ads.prepayment", refType: "ad_prepayment", refId: input.prepaymentId });
    const listed = (await as("support").admin.ads.advertisers()).find((a) => a.id === advertiserId);
    expect(listed).toMatchObject({ balanceFen: 12_345, prepaidFen: 12_345 });
    expect(listed?.prepayments.map((p) => [p.id, p.amountFen, p.reference])).toEqual([[input.prepaymentId, 12_345, input.reference]]);

    const audit = (await auditOf("advertiser", advertiserId)).filter((a) => a.action === "ads.prepayment");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: staff.finance?.id, actorRole: "finance", ip: "203.0.113.9" });
    expect(audit[0]?.after).toMatchObject({ prepaymentId: input.prepaymentId, amountFen: 12_345, reference: input.reference });
    // The state the prepayment changed, as it was: an audit row names what it changed from.
    expect(audit[0]?.before, "the ads.prepayment audit row records a `before`").not.toBeNull();
  });

  it("records the same prepayment id once when it is sent twice", async () => {
    const advertiserId = await createAdvertiser(t.db, clock, 0);
    const input = prepay(advertiserId, 5_000);
    const first = await as("finance").admin.ads.recordPrepayment(input);
    const stateAfterFirst = await prepaymentState(advertiserId);
    await expect(as("owner").admin.ads.recordPrepayment(input)).resolves.toEqual(first);
    expect(await prepaymentState(advertiserId)).toEqual(stateAfterFirst);
    expect(stateAfterFirst.balance).toBe(5_000);
    // The same id with another amount is another request: refused, nothing moves.
    expectRefused(await catchTrpc(() => as("finance").admin.ads.recordPrepayment({ ...input, amountFen: 6_000 })), "CONFLICT", "IDEMPOTENCY_MISMATCH");
    expect(await prepaymentState(advertiserId)).toEqual(stateAfterFirst);
  });

  it("records the same prepayment id once when 5 identical calls arrive at once", async () => {
    const pool = createDb(t.url, { max: 10 });
    try {
      // A few rounds, each a fresh id racing on its own connections.
      for (let round = 1; round <= 3; round++) {
        const advertiserId = await createAdvertiser(t.db, clock, 0);
        const before = await prepaymentState(advertiserId);
        const input = prepay(advertiserId, 7_700 * round);
        const results = await Promise.all(Array.from({ length: 5 }, () => as("finance", clock, pool.db).admin.ads.recordPrepayment(input)));
        expect(results).toEqual(Array.from({ length: 5 }, () => ({ id: input.prepaymentId, amountFen: 7_700 * round })));
        expect(await prepaymentState(advertiserId)).toEqual({ entries: before.entries + 1, audit: before.audit + 1, prepayments: before.prepayments + 1, balance: 7_700 * round });
      }
    } finally {
      await pool.close();
    }
  });

  it("refuses a bank reference already recorded for the advertiser under a new id with AD_PREPAYMENT_DUPLICATE", async () => {
    const advertiserId = await createAdvertiser(t.db, clock, 0);
    await as("finance").admin.ads.recordPrepayment(prepay(advertiserId, 3_000, { reference: "ICBC-20261125-001" }));
    const before = await prepaymentState(advertiserId);
    for (const reference of ["ICBC-20261125-001", "  ICBC-20261125-001  "]) {
      const err = await catchTrpc(() => as("finance").admin.ads.recordPrepayment(prepay(advertiserId, 3_000, { reference })));
      expectRefused(err, "CONFLICT", "AD_PREPAYMENT_DUPLICATE");
      expect(err.message).toContain("30.00");
    }
    expect(await prepaymentState(advertiserId)).toEqual(before);
    // The reference is unique per advertiser: another advertiser's transfer may carry the same text.
    const other = await createAdvertiser(t.db, clock, 0);
    await as("finance").admin.ads.recordPrepayment(prepay(other, 1_000, { reference: "ICBC-20261125-001" }));
    expect(await advertiserBalance(other)).toBe(1_000);
  });

  it.each([
    ["a zero amount", 0, "BAD_REQUEST", "AMOUNT_OUT_OF_RANGE"],
    ["a negative amount", -500, "BAD_REQUEST", "AMOUNT_OUT_OF_RANGE"],
    ["a fractional amount", 100.5, "BAD_REQUEST", null],
    ["an amount above ¥1,000,000", 100_000_001, "BAD_REQUEST", "AMOUNT_OUT_OF_RANGE"],
  ] as const)("refuses %s and changes nothing", async (_label, amountFen, trpcCode, domainCode) => {
    const advertiserId = await createAdvertiser(t.db, clock, 2_000);
    const before = await prepaymentState(advertiserId);
    expectRefused(await catchTrpc(() => as("finance").admin.ads.recordPrepayment(prepay(advertiserId, amountFen))), trpcCode, domainCode);
    expect(await prepaymentState(advertiserId)).toEqual(before);
  });

  it("accepts exactly ¥1,000,000", async () => {
    const advertiserId = await createAdvertiser(t.db, clock, 0);
    await as("owner").admin.ads.recordPrepayment(prepay(advertiserId, 100_000_000));
    expect(await advertiserBalance(advertiserId)).toBe(100_000_000);
  });

  it("refuses an unknown advertiser with NOT_FOUND and changes nothing", async () => {
    const before = { entries: await countOf(ledgerEntries), audit: await countOf(auditLog), prepayments: await countOf(adPrepayments) };
    expectRefused(await catchTrpc(() => as("finance").admin.ads.recordPrepayment(prepay(randomUUID(), 1_000))), "NOT_FOUND", "NOT_FOUND");
    expect({ entries: await countOf(ledgerEntries), audit: await countOf(auditLog), prepayments: await countOf(adPrepayments) }).toEqual(before);
  });

  it("is FORBIDDEN to support and operator callers (and shoppers), and records nothing", async () => {
    const advertiserId = await createAdvertiser(t.db, clock, 0);
    const before = await prepaymentState(advertiserId);
    for (const role of ["support", "operator"] as const) expectRefused(await catchTrpc(() => as(role).admin.ads.recordPrepayment(prepay(advertiserId, 1_000))), "FORBIDDEN", "FORBIDDEN");
    const shopper = await createUser(t.db);
    expectRefused(await catchTrpc(() => callerFor(t.db, clock, { id: shopper.id, role: "shopper" }).admin.ads.recordPrepayment(prepay(advertiserId, 1_000))), "FORBIDDEN", "FORBIDDEN");
    expect(await prepaymentState(advertiserId)).toEqual(before);
  });
});

// ---- campaigns --------------------------------------------------------------------------------

describe("admin.ads.saveCampaign", () => {
  // 2026-11-26, 12:00 in Shanghai; this describe's campaigns end at 20:00 the same day.
  const c = new FixedClock("2026-11-26T04:00:00Z");
  const endOfTest = new Date("2026-11-26T12:00:00Z");
  let advertiserId: string;
  beforeAll(async () => {
    advertiserId = await createAdvertiser(t.db, c, 50_000);
  });

  const valid = (overrides: Partial<CampaignInput> = {}): CampaignInput => ({
    advertiserId,
    name: "冬季新品",
    creativeUrl: creativeUrl("mp4"),
    durationSeconds: 30,
    pricePerViewFen: 50,
    budgetFen: 5_000,
    startsAt: new Date(c.now().getTime() - 60_000),
    endsAt: endOfTest,
    active: true,
    ...overrides,
  });

  it.each([
    ["a creative URL on another host", { creativeUrl: "https://evil.example/x.png" }, "BAD_REQUEST", "BAD_INPUT"],
    ["a creative URL that climbs out of storage", { creativeUrl: "/api/images/../x.png" }, "BAD_REQUEST", "BAD_INPUT"],
    ["a duration of 4 s", { durationSeconds: 4 }, "BAD_REQUEST", "BAD_INPUT"],
    ["a duration of 121 s", { durationSeconds: 121 }, "BAD_REQUEST", "BAD_INPUT"],
    ["a price of 0", { pricePerViewFen: 0 }, "BAD_REQUEST", "AMOUNT_OUT_OF_RANGE"],
    ["a price above ¥100", { pricePerViewFen: 10_001 }, "BAD_REQUEST", "AMOUNT_OUT_OF_RANGE"],
    ["a budget below the price", { pricePerViewFen: 50, budgetFen: 49 }, "BAD_REQUEST", "AMOUNT_OUT_OF_RANGE"],
    ["an end before the start", { startsAt: new Date("2026-11-26T04:00:00Z"), endsAt: new Date("2026-11-26T03:59:59Z") }, "BAD_REQUEST", "BAD_INPUT"],
    ["an end equal to the start", { startsAt: new Date("2026-11-26T04:00:00Z"), endsAt: new Date("2026-11-26T04:00:00Z") }, "BAD_REQUEST", "BAD_INPUT"],
    ["an unknown advertiser", { advertiserId: randomUUID() }, "NOT_FOUND", "NOT_FOUND"],
  ] as const)("refuses %s inline and writes nothing", async (_label, patch, trpcCode, domainCode) => {
    const before = { campaigns: await countOf(adCampaigns), audit: await countOf(auditLog) };
    expectRefused(await catchTrpc(() => as("operator", c).admin.ads.saveCampaign(valid(patch))), trpcCode, domainCode);
    expect({ campaigns: await countOf(adCampaigns), audit: await countOf(auditLog) }).toEqual(before);
  });

  it("refuses an edit with bad input and leaves the campaign as it was", async () => {
    // Inactive: the next test needs to be the only live campaign of the day.
    const { id } = await as("operator", c).admin.ads.saveCampaign(valid({ active: false }));
    const otherAdvertiser = await createAdvertiser(t.db, c, 0);
    const row = await campaignRow(t.db, id);
    const audit = await countOf(auditLog);
    for (const patch of [{ creativeUrl: "https://evil.example/x.png" }, { durationSeconds: 121 }, { pricePerViewFen: 0 }, { advertiserId: otherAdvertiser }]) {
      const err = await catchTrpc(() => as("operator", c).admin.ads.saveCampaign(valid({ id, active: false, ...patch })));
      expect(err.trpcCode).toBe("BAD_REQUEST");
      expect(err.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(await campaignRow(t.db, id)).toEqual(row);
    expect(await countOf(auditLog)).toBe(audit);
  });

  it("refuses to lower the budget below what its views have committed, and changes nothing", async () => {
    const { id } = await as("owner", c).admin.ads.saveCampaign(valid({ pricePerViewFen: 40, budgetFen: 400 }));
    // This describe's only live campaign: each shopper's first view reserves 40 fen of it.
    for (let i = 0; i < 3; i++) {
      const shopper = await createWatcher(t.db, c, 10);
      const set = await start(t.db, c, shopper);
      expect((await open(t.db, c, shopper, set.id)).creative?.campaignId).toBe(id);
    }
    const row = await campaignRow(t.db, id);
    expect(row?.committedFen).toBe(120);
    const audit = await auditOf("ad_campaign", id);

    const err = await catchTrpc(() => as("operator", c).admin.ads.saveCampaign(valid({ id, pricePerViewFen: 40, budgetFen: 119 })));
    expectRefused(err, "BAD_REQUEST", "AMOUNT_OUT_OF_RANGE");
    expect(err.message).toContain("1.20");
    expect(await campaignRow(t.db, id)).toEqual(row);
    expect(await auditOf("ad_campaign", id)).toEqual(audit);

    // Down to exactly what is committed is allowed: the cap then holds no further view.
    await as("operator", c).admin.ads.saveCampaign(valid({ id, pricePerViewFen: 40, budgetFen: 120 }));
    expect(await campaignRow(t.db, id)).toMatchObject({ budgetFen: 120, committedFen: 120 });
    const shopper = await createWatcher(t.db, c, 10);
    const set = await start(t.db, c, shopper);
    expect((await catchTrpc(() => callerFor(t.db, c, { id: shopper, role: "shopper" }, { deviceId: `dev-${shopper}` }).ads.openView({ setId: set.id }))).domainCode).toBe("AD_NONE_AVAILABLE");
  });

  it("creates a campaign audited with its values, and audits an edit with before and after", async () => {
    const input = valid({ name: "春节促销", pricePerViewFen: 30, budgetFen: 3_000 });
    const { id } = await as("operator", c).admin.ads.saveCampaign(input);
    expect(await campaignRow(t.db, id)).toMatchObject({ name: "春节促销", creativeType: "mp4", pricePerViewFen: 30, budgetFen: 3_000, committedFen: 0, active: true });
    const edit = { ...input, id, name: "春节促销（加推）", budgetFen: 8_000, durationSeconds: 15, active: false };
    await as("owner", c).admin.ads.saveCampaign(edit);
    expect(await campaignRow(t.db, id)).toMatchObject({ name: "春节促销（加推）", budgetFen: 8_000, durationSeconds: 15, active: false });

    const audit = await auditOf("ad_campaign", id);
    expect(audit.map((a) => [a.action, a.actorRole])).toEqual([
      ["ads.campaign.create", "operator"],
      ["ads.campaign.update", "owner"],
    ]);
    expect(audit[0]?.after).toMatchObject({ name: "春节促销", budgetFen: 3_000, pricePerViewFen: 30 });
    expect(audit[1]?.before).toMatchObject({ name: "春节促销", budgetFen: 3_000, durationSeconds: 30, active: true });
    expect(audit[1]?.after).toMatchObject({ name: "春节促销（加推）", budgetFen: 8_000, durationSeconds: 15, active: false });
    expect((await as("support", c).admin.ads.campaigns()).some((x) => x.id === id)).toBe(true);
  });

  it("is FORBIDDEN to finance and support callers", async () => {
    const before = await countOf(adCampaigns);
    for (const role of ["finance", "support"] as const) expectRefused(await catchTrpc(() => as(role, c).admin.ads.saveCampaign(valid())), "FORBIDDEN", "FORBIDDEN");
    expect(await countOf(adCampaigns)).toBe(before);
  });
});

// ---- the cash-out rules -----------------------------------------------------------------------

describe("admin.ads.saveSettings", () => {
  // 2026-11-27, 12:00 in Shanghai.
  const c = new FixedClock("2026-11-27T04:00:00Z");
  const storedAds = async () => (await t.db.select().from(settings).where(eq(settings.key, "ads")))[0] ?? null;
  const settingsAudit = () => auditOf("setting", "ads");
  const tier = (minPoints: number, rewardFen: number, pointsCost: number) => ({ minPoints, rewardFen, pointsCost });

  it.each([
    ["tiers not ascending", { tiers: [tier(100, 150, 2), tier(50, 100, 1)] }],
    ["two tiers with the same minimum", { tiers: [tier(1, 100, 1), tier(1, 150, 1)] }],
    ["a points cost above the tier's minimum", { tiers: [tier(5, 100, 6)] }],
    ["zero tiers", { tiers: [] }],
    ["11 tiers", { tiers: Array.from({ length: 11 }, (_, i) => tier(i * 10 + 1, 100 + i, 1)) }],
    ["0 views per set", { viewsPerSet: 0 }],
  ] as const)("refuses %s with BAD_REQUEST and changes nothing", async (_label, patch) => {
    const [stored, audit, shown] = [await storedAds(), await settingsAudit(), await as("operator", c).admin.ads.settings()];
    expectRefused(await catchTrpc(() => as("owner", c).admin.ads.saveSettings({ value: { ...AD_SETTING_DEFAULTS, ...patch } })), "BAD_REQUEST", null);
    expect(await storedAds()).toEqual(stored);
    expect(await settingsAudit()).toEqual(audit);
    expect(await as("operator", c).admin.ads.settings()).toEqual(shown);
  });

  it("audits a valid change (settings.update, ads) with before and after, and a set started afterwards uses it", async () => {
    const advertiserId = await createAdvertiser(t.db, c, 10_000);
    await createCampaign(t.db, c, advertiserId, { durationSeconds: 10, endsAt: new Date("2026-11-27T12:00:00Z") });
    const before = await as("operator", c).admin.ads.settings();
    const next: AdSettings = { ...before, viewsPerSet: 2, tiers: [tier(1, 120, 1), tier(100, 250, 3)] };
    const auditBefore = (await settingsAudit()).length;

    await as("operator", c).admin.ads.saveSettings({ value: next });

    expect(await as("support", c).admin.ads.settings()).toEqual(next);
    const audit = await settingsAudit();
    expect(audit).toHaveLength(auditBefore + 1);
    expect(audit.at(-1)).toMatchObject({ action: "settings.update", targetType: "setting", targetId: "ads", actorId: staff.operator?.id, before, after: next });

    const shopper = await createWatcher(t.db, c, 150);
    const { set, last } = await watchSet(t.db, c, shopper);
    expect(set.viewsRequired).toBe(2);
    expect(last?.reward).toEqual({ rewardFen: 250, pointsSpent: 3, commissionFen: 0 });
    expect(await readUserBalances(t.db, shopper)).toMatchObject({ cash: 250, mallPoints: 147 });
  });

  it("is FORBIDDEN to finance and support callers", async () => {
    const stored = await storedAds();
    for (const role of ["finance", "support"] as const) expectRefused(await catchTrpc(() => as(role, c).admin.ads.saveSettings({ value: AD_SETTING_DEFAULTS })), "FORBIDDEN", "FORBIDDEN");
    expect(await storedAds()).toEqual(stored);
  });
});

// ---- networks ---------------------------------------------------------------------------------

describe("admin.ads.saveNetwork and networks", () => {
  const SECRET = "pgl-sec-7f3a9c2e5b8d1234";
  const stored = async (network: string) => (await t.db.select().from(adNetworks).where(eq(adNetworks.network, network)))[0] ?? null;

  it("refuses to enable pangle without a secret, or admob without a key URL, and writes nothing", async () => {
    const audit = await countOf(auditLog);
    for (const input of [
      { network: "pangle", enabled: true, secret: "", keyUrl: "", revenuePerViewFen: 20 },
      { network: "pangle", enabled: true, secret: "short", keyUrl: "", revenuePerViewFen: 20 },
      { network: "admob", enabled: true, secret: "", keyUrl: "", revenuePerViewFen: 20 },
      { network: "admob", enabled: true, secret: "", keyUrl: "ftp://keys.example/verifier", revenuePerViewFen: 20 },
    ] as const) {
      expectRefused(await catchTrpc(() => as("operator").admin.ads.saveNetwork(input)), "BAD_REQUEST", "BAD_INPUT");
      expect(await stored(input.network)).toBeNull();
    }
    expect(await countOf(auditLog)).toBe(audit);
    expect((await as("operator").admin.ads.networks()).map((n) => [n.network, n.enabled])).toEqual([
      ["pangle", false],
      ["admob", false],
    ]);
  });

  it("shows a saved secret masked to its last 4 characters, in the answer, the list and the audit row", async () => {
    const saved = await as("operator").admin.ads.saveNetwork({ network: "pangle", enabled: true, secret: SECRET, keyUrl: "", revenuePerViewFen: 25 });
    expect(saved).toMatchObject({ network: "pangle", enabled: true, revenuePerViewFen: 25 });
    expect(saved.secret).toMatch(/1234$/);
    expect(saved.secret).not.toContain(SECRET.slice(0, -4));
    expect((await stored("pangle"))?.secret).toBe(SECRET);

    const pangle = (await as("support").admin.ads.networks()).find((n) => n.network === "pangle");
    expect(pangle).toMatchObject({ enabled: true, revenuePerViewFen: 25, secret: saved.secret });
    const audit = await auditOf("ad_network", "pangle");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "ads.network.update", before: { enabled: false, secret: "" }, after: { enabled: true, secret: saved.secret } });
    // Nowhere in full: not even a part longer than the shown 4 characters.
    expect(JSON.stringify(audit)).not.toContain(SECRET.slice(-5));
    expect(JSON.stringify(await as("owner").admin.ads.networks())).not.toContain(SECRET.slice(-5));
  });

  it("keeps the stored secret when a later save sends an empty one", async () => {
    await as("owner").admin.ads.saveNetwork({ network: "pangle", enabled: true, secret: "", keyUrl: "", revenuePerViewFen: 30 });
    expect(await stored("pangle")).toMatchObject({ enabled: true, secret: SECRET, revenuePerViewFen: 30 });
    const pangle = (await as("operator").admin.ads.networks()).find((n) => n.network === "pangle");
    expect(pangle?.secret).toMatch(/1234$/);
    const last = (await auditOf("ad_network", "pangle")).at(-1);
    expect(last).toMatchObject({ before: { revenuePerViewFen: 25 }, after: { revenuePerViewFen: 30, secret: pangle?.secret } });
    expect(JSON.stringify(last)).not.toContain(SECRET.slice(-5));
    // Disabling keeps it too; admob with a key URL is accepted.
    await as("operator").admin.ads.saveNetwork({ network: "admob", enabled: true, secret: "", keyUrl: "https://keys.example/verifier", revenuePerViewFen: 10 });
    expect(await stored("admob")).toMatchObject({ enabled: true, keyUrl: "https://keys.example/verifier" });
  });

  it("is FORBIDDEN to finance and support callers", async () => {
    const before = await stored("pangle");
    for (const role of ["finance", "support"] as const) {
      expectRefused(await catchTrpc(() => as(role).admin.ads.saveNetwork({ network: "pangle", enabled: false, secret: "x".repeat(12), keyUrl: "", revenuePerViewFen: 0 })), "FORBIDDEN", "FORBIDDEN");
    }
    expect(await stored("pangle")).toEqual(before);
  });
});

// ---- the report -------------------------------------------------------------------------------

describe("admin.ads.report", () => {
  // Business days 2026-12-10 (with a network view) and 2026-12-11 (network-free); 2026-12-12 is empty.
  const DAYS = ["2026-12-10", "2026-12-11", "2026-12-12"];
  const RANGE = { start: "2026-12-09T16:00:00Z", end: "2026-12-12T16:00:00Z" };
  const c = new FixedClock("2026-12-10T02:00:00Z");
  let campaigns: string[] = [];

  const shopperCaller = (userId: string) => callerFor(t.db, c, { id: userId, role: "shopper" }, { deviceId: `dev-${userId}` });

  /** One view of an already started set, opened and completed on the server clock. */
  async function watchOne(userId: string, setId: string) {
    const view = await open(t.db, c, userId, setId);
    c.advance(view.durationSeconds * 1000);
    return complete(t.db, c, userId, view);
  }

  interface LedgerDay {
    day: string;
    revenue: number;
    revenue_entries: number;
    network_revenue: number;
    rewards: number;
    sets: number;
    points: number;
    commissions: number;
    sessions: number;
    completed: number;
  }

  /** Per business day, from the ledger (by reason) and the view sessions, in SQL written here. */
  async function ledgerDays(): Promise<LedgerDay[]> {
    const rows = await t.db.execute<Record<string, string>>(sql`
      WITH d AS (SELECT to_char(g, 'YYYY-MM-DD') AS day FROM generate_series('2026-12-10'::date, '2026-12-12'::date, interval '1 day') g),
      e AS (
        SELECT to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day,
          COALESCE(SUM(amount) FILTER (WHERE reason IN ('ads.view.revenue', 'ads.network.revenue')), 0) AS revenue,
          count(*) FILTER (WHERE reason IN ('ads.view.revenue', 'ads.network.revenue')) AS revenue_entries,
          COALESCE(SUM(amount) FILTER (WHERE reason = 'ads.network.revenue'), 0) AS network_revenue,
          COALESCE(SUM(amount) FILTER (WHERE reason = 'ads.reward'), 0) AS rewards,
          count(*) FILTER (WHERE reason = 'ads.reward') AS sets,
          COALESCE(SUM(amount) FILTER (WHERE reason = 'ads.points'), 0) AS points,
          COALESCE(SUM(amount) FILTER (WHERE reason IN ('ads.commission.L1', 'ads.commission.L2')), 0) AS commissions
        FROM ledger_entries WHERE created_at >= ${RANGE.start}::timestamptz AND created_at < ${RANGE.end}::timestamptz GROUP BY 1),
      opened AS (
        SELECT to_char(opened_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day, count(*) AS sessions
        FROM ad_views WHERE opened_at >= ${RANGE.start}::timestamptz AND opened_at < ${RANGE.end}::timestamptz GROUP BY 1),
      done AS (
        SELECT to_char(closed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day, count(*) AS completed
        FROM ad_views WHERE status = 'completed' AND closed_at >= ${RANGE.start}::timestamptz AND closed_at < ${RANGE.end}::timestamptz GROUP BY 1)
      SELECT d.day, COALESCE(e.revenue, 0) AS revenue, COALESCE(e.revenue_entries, 0) AS revenue_entries, COALESCE(e.network_revenue, 0) AS network_revenue,
        COALESCE(e.rewards, 0) AS rewards, COALESCE(e.sets, 0) AS sets, COALESCE(e.points, 0) AS points, COALESCE(e.commissions, 0) AS commissions,
        COALESCE(o.sessions, 0) AS sessions, COALESCE(x.completed, 0) AS completed
      FROM d LEFT JOIN e USING (day) LEFT JOIN opened o USING (day) LEFT JOIN done x USING (day) ORDER BY d.day`);
    return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === "day" ? v : Number(v)])) as unknown as LedgerDay);
  }

  beforeAll(async () => {
    await setAdSettings(t.db, c, { viewsPerSet: 2, setsPerUserPerDay: 1, setsPerDevicePerDay: 5, commissionL1Bp: 500, commissionL2Bp: 200, tiers: [{ minPoints: 1, rewardFen: 100, pointsCost: 1 }, { minPoints: 200, rewardFen: 180, pointsCost: 2 }] });
    const advertiserId = await createAdvertiser(t.db, c, 100_00, "云端出行");
    const live = { startsAt: new Date("2026-12-09T16:00:00Z"), endsAt: new Date("2026-12-12T16:00:00Z") };
    campaigns = [
      await createCampaign(t.db, c, advertiserId, { ...live, pricePerViewFen: 30, durationSeconds: 15 }),
      await createCampaign(t.db, c, advertiserId, { ...live, pricePerViewFen: 55, durationSeconds: 30 }),
    ];
    await as("operator", c).admin.ads.saveNetwork({ network: "pangle", enabled: true, secret: "pangle-report-secret", keyUrl: "", revenuePerViewFen: 20 });
  });

  it("shows per business day exactly what the ledger and the view sessions say, and per campaign the revenue of its views", async () => {
    // Day 1 (2026-12-10, Shanghai).
    const l2 = await createUser(t.db);
    const l1 = await createUser(t.db, { referrerId: l2.id });
    await makePromoter(t.db, c, l1.id);
    await makePromoter(t.db, c, l2.id);
    const s1 = await createWatcher(t.db, c, 250, { referrerId: l1.id });
    const s2 = await createWatcher(t.db, c, 10);
    const s3 = await createWatcher(t.db, c, 50);
    const s4 = await createWatcher(t.db, c, 100);

    expect((await watchSet(t.db, c, s1)).last?.reward).toEqual({ rewardFen: 180, pointsSpent: 2, commissionFen: 12 });

    // s2 closes its first ad (forfeited), then watches two to the end.
    const set2 = await start(t.db, c, s2);
    const closed = await open(t.db, c, s2, set2.id);
    c.advance(5_000);
    await expect(shopperCaller(s2).ads.closeView({ viewId: closed.viewId, nonce: closed.nonce })).resolves.toEqual({ closed: true });
    await watchOne(s2, set2.id);
    expect((await watchOne(s2, set2.id)).reward).toMatchObject({ rewardFen: 100 });

    // s3: one view through the network's callback, one direct.
    const set3 = await start(t.db, c, s3);
    const networkView = await t.db.transaction((tx) => openAdView(tx, c, { userId: s3, deviceId: `dev-${s3}`, setId: set3.id, ip: "203.0.113.10", network: "pangle" }));
    const credited = await applyNetworkCallback(t.db, c, { network: "pangle", transactionId: `txn-${randomUUID()}`, userId: s3, nonce: networkView.nonce, rewardAmount: null, rewardItem: null }, "q");
    expect(credited).toMatchObject({ credited: true, duplicate: false });
    expect((await watchOne(s3, set3.id)).reward).toMatchObject({ rewardFen: 100 });

    // s4 opens just before Shanghai midnight and completes just after: a day-1 session, day-2 revenue and set.
    c.set("2026-12-10T15:58:00Z");
    const set4 = await start(t.db, c, s4);
    c.set("2026-12-10T15:59:50Z");
    const straddling = await open(t.db, c, s4, set4.id);
    c.set(straddling.completesAt);
    expect(c.now().getTime()).toBeGreaterThanOrEqual(Date.parse("2026-12-10T16:00:00Z"));
    await complete(t.db, c, s4, straddling);

    // Day 2 (2026-12-11): no network views.
    expect((await watchOne(s4, set4.id)).reward).toMatchObject({ rewardFen: 100, pointsSpent: 1 });
    c.advance(60_000);
    expect((await watchSet(t.db, c, s1)).last?.reward).toEqual({ rewardFen: 180, pointsSpent: 2, commissionFen: 12 });
    expect((await watchSet(t.db, c, s3)).last?.reward).toMatchObject({ rewardFen: 100 });
    // s2 opens one and walks away: the expiry job returns it.
    const set2b = await start(t.db, c, s2);
    const abandoned = await open(t.db, c, s2, set2b.id);
    c.advance((abandoned.durationSeconds + AD_SETTING_DEFAULTS.viewGraceSeconds + 1) * 1000);
    expect(await expireAdSessions(t.db, c)).toBeGreaterThanOrEqual(1);
    expect((await t.db.select({ status: adViews.status }).from(adViews).where(eq(adViews.id, abandoned.viewId)))[0]?.status).toBe("expired");
    expect((await t.db.select({ status: adViews.status }).from(adViews).where(eq(adViews.id, closed.viewId)))[0]?.status).toBe("forfeited");

    const report = await as("support", c).admin.ads.report({ from: DAYS[0]!, to: DAYS[2]! });
    const ledger = await ledgerDays();

    // Each figure, day by day, equals the ledger's sums by reason and the sessions opened.
    expect(report.days).toEqual(
      ledger.map((l) => ({
        day: l.day,
        sessions: l.sessions,
        completedViews: l.completed,
        revenueFen: l.revenue,
        setsCompleted: l.sets,
        rewardsFen: l.rewards,
        pointsSpent: l.points,
        commissionsFen: l.commissions,
        subsidyFen: l.rewards + l.commissions - l.revenue,
      })),
    );
    // Every completed view earned once, in the ledger, the day it completed.
    expect(ledger.map((l) => l.revenue_entries)).toEqual(ledger.map((l) => l.completed));
    // What happened, as the scenario made it: day 1 has the network view, day 2 none, day 3 nothing.
    expect(ledger.map((l) => l.network_revenue)).toEqual([20, 0, 0]);
    expect(report.days.map((d) => [d.day, d.sessions, d.completedViews, d.setsCompleted, d.rewardsFen, d.pointsSpent, d.commissionsFen])).toEqual([
      ["2026-12-10", 8, 6, 3, 380, 4, 12],
      ["2026-12-11", 6, 6, 3, 380, 4, 12],
      ["2026-12-12", 0, 0, 0, 0, 0, 0],
    ]);
    expect(report.days[2]).toMatchObject({ revenueFen: 0, subsidyFen: 0 });
    expect(report.days[0]!.revenueFen).toBeGreaterThan(20);
    for (const d of report.days) expect(d.subsidyFen).toBe(d.rewardsFen + d.commissionsFen - d.revenueFen);
    // The range's totals are the days' sums, subsidy included.
    for (const k of ["sessions", "completedViews", "revenueFen", "setsCompleted", "rewardsFen", "pointsSpent", "commissionsFen", "subsidyFen"] as const) {
      expect(report.totals[k], k).toBe(report.days.reduce((s, d) => s + d[k], 0));
    }

    // Per campaign: spend equals the revenue entries of its views; sessions its views opened in range.
    const perCampaign = await t.db.execute<{ campaign_id: string; spend: string; sessions: string }>(sql`
      SELECT v.campaign_id,
        COALESCE(SUM(e.amount) FILTER (WHERE e.reason = 'ads.view.revenue'), 0) AS spend,
        count(DISTINCT v.id) AS sessions
      FROM ad_views v LEFT JOIN ledger_entries e ON e.ref_type = 'ad_view' AND e.ref_id = v.id::text
      WHERE v.campaign_id IS NOT NULL AND v.opened_at >= ${RANGE.start}::timestamptz AND v.opened_at < ${RANGE.end}::timestamptz
      GROUP BY v.campaign_id`);
    const fromLedger = new Map(perCampaign.map((r) => [r.campaign_id, { spendFen: Number(r.spend), sessions: Number(r.sessions) }]));
    for (const row of report.campaigns) expect({ spendFen: row.spendFen, sessions: row.sessions }, row.name).toEqual(fromLedger.get(row.campaignId) ?? { spendFen: 0, sessions: 0 });
    const mine = report.campaigns.filter((r) => campaigns.includes(r.campaignId));
    expect(mine).toHaveLength(2);
    expect(mine.every((r) => r.advertiser === "云端出行")).toBe(true);
    // Direct spend plus the network's revenue is all the revenue of the range.
    const directSpend = mine.reduce((s, r) => s + r.spendFen, 0);
    expect(directSpend + 20).toBe(report.days.reduce((s, d) => s + d.revenueFen, 0));
    expect(mine.reduce((s, r) => s + r.completedViews, 0)).toBe(11);
    // The sets' own rows agree with their reward entries.
    const [sets] = await t.db.select({ n: count() }).from(adSets).where(and(eq(adSets.status, "completed"), sql`${adSets.completedAt} >= ${RANGE.start}::timestamptz AND ${adSets.completedAt} < ${RANGE.end}::timestamptz`));
    expect(sets?.n).toBe(6);
  });

  it("accepts a range of 92 days and refuses one of 93, a day that does not exist, a malformed one, or an end before the start", async () => {
    const ok = await as("finance", c).admin.ads.report({ from: "2026-09-11", to: "2026-12-11" });
    expect(ok.days).toHaveLength(92);
    expect(ok.days[0]?.day).toBe("2026-09-11");
    for (const range of [
      { from: "2026-09-10", to: "2026-12-11" },
      { from: "2026-02-30", to: "2026-03-02" },
      { from: "2026-12-11", to: "2026-12-10" },
    ]) expectRefused(await catchTrpc(() => as("finance", c).admin.ads.report(range)), "BAD_REQUEST", "BAD_INPUT");
    for (const range of [
      { from: "20261201", to: "2026-12-02" },
      { from: "2026-12-01", to: "tomorrow" },
    ]) expectRefused(await catchTrpc(() => as("finance", c).admin.ads.report(range)), "BAD_REQUEST", null);
  });

  it("is refused to shoppers and anonymous callers", async () => {
    const shopper = await createUser(t.db);
    expect((await catchTrpc(() => callerFor(t.db, c, { id: shopper.id, role: "shopper" }).admin.ads.report({ from: DAYS[0]!, to: DAYS[1]! }))).trpcCode).toBe("FORBIDDEN");
    expect((await catchTrpc(() => callerFor(t.db, c, null).admin.ads.report({ from: DAYS[0]!, to: DAYS[1]! }))).trpcCode).toBe("UNAUTHORIZED");
  });
});
