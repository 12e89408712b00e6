/**
 * Property (spec §6, §8): whatever order prepayments, views opened, completed, closed and expired,
 * network views and their callbacks (duplicates included), the clock's moves and midnights come in, the ads' money stays where it belongs:
 * - the ledger is balanced and no user or advertiser balance is below zero;
 * - each campaign's committed amount is the price of its open and completed views, within its budget;
 * - each advertiser's budget account is what was prepaid less what its campaigns committed;
 * - `ad_reserved` holds exactly the price of the direct views still open;
 * - a completed set has exactly one reward entry, under its derived key, and no shopper completes more
 *   sets in a business day than the setting allows.
 *
 * Entries are append-only, so each run has its own advertisers, campaigns and shoppers (checks filter
 * to them) and a clock 100 days past the previous run's, which its campaigns never outlive.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { pgArray } from "@/db/pg-array";
import type { AdSettings } from "@/server/domain/ads/ad-settings";
import { closeAdView } from "@/server/domain/ads/complete-ad-view";
import { expireAdSessions } from "@/server/domain/ads/expire-ad-sessions";
import { recordPrepayment } from "@/server/domain/ads/manage-advertisers";
import { saveNetworkConfig } from "@/server/domain/ads/manage-networks";
import { openAdView } from "@/server/domain/ads/open-ad-view";
import { receiveNetworkCallback } from "@/server/domain/ads/receive-network-callback";
import { AdmobKeyCache } from "@/server/domain/ads/ssv/admob";
import { pangleSign } from "@/server/domain/ads/ssv/pangle";
import { checkLedgerInvariants, readPlatformBalance } from "@/server/domain/ledger";
import { FixedClock } from "@/server/domain/shared/clock";
import { isDomainError } from "@/server/domain/shared/errors";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser } from "../helpers/factories";
import { makePromoter } from "../store/fixtures";
import { complete, createAdvertiser, createCampaign, createWatcher, open, setAdSettings, staffActor, start } from "./fixtures";

const DAY = 86_400_000;
// 12:00 in Shanghai; run n starts n × 100 days later.
const BASE = Date.parse("2027-01-05T04:00:00Z");
const SHOPPERS = 4;
/** The rules every run shares; each run draws its own views per set and daily cap. */
const SETTINGS: Partial<AdSettings> = {
  setsPerDevicePerDay: 10,
  viewSessionsPerIpPerHour: 100_000,
  viewGraceSeconds: 90,
  setIdleMinutes: 5,
  commissionL1Bp: 500,
  commissionL2Bp: 200,
  tiers: [
    { minPoints: 1, rewardFen: 100, pointsCost: 1 },
    { minPoints: 100, rewardFen: 150, pointsCost: 2 },
    { minPoints: 250, rewardFen: 200, pointsCost: 5 },
  ],
};

let t: TestDb;

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t?.drop());

// ---- generated scenarios ----------------------------------------------------------------------

type Command =
  | { kind: "prepay"; advertiser: number; amountFen: number }
  | { kind: "open"; shopper: number }
  | { kind: "advance"; ms: number }
  | { kind: "complete"; pick: number }
  | { kind: "close"; pick: number }
  | { kind: "expire" }
  | { kind: "openNetwork"; shopper: number }
  | { kind: "callback"; pick: number; repeat: boolean }
  | { kind: "midnight" };

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ advertiser: fc.integer({ min: 0, max: 1 }), amountFen: fc.integer({ min: 1, max: 200 }) }).map((c) => ({ kind: "prepay" as const, ...c })) },
  { weight: 6, arbitrary: fc.integer({ min: 0, max: SHOPPERS - 1 }).map((shopper) => ({ kind: "open" as const, shopper })) },
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 40_000 }).map((ms) => ({ kind: "advance" as const, ms })) },
  { weight: 6, arbitrary: fc.nat().map((pick) => ({ kind: "complete" as const, pick })) },
  { weight: 1, arbitrary: fc.nat().map((pick) => ({ kind: "close" as const, pick })) },
  { weight: 1, arbitrary: fc.constant({ kind: "expire" as const }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: SHOPPERS - 1 }).map((shopper) => ({ kind: "openNetwork" as const, shopper })) },
  { weight: 3, arbitrary: fc.record({ pick: fc.nat(), repeat: fc.boolean() }).map((c) => ({ kind: "callback" as const, ...c })) },
  { weight: 1, arbitrary: fc.constant({ kind: "midnight" as const }) },
);

const campaignArb = fc.record({
  price: fc.integer({ min: 10, max: 60 }),
  /** The budget pays for this many views (and a remainder short of one more). */
  views: fc.integer({ min: 1, max: 5 }),
  remainder: fc.integer({ min: 0, max: 9 }),
  duration: fc.integer({ min: 5, max: 12 }),
  advertiser: fc.integer({ min: 0, max: 1 }),
});

const scenarioArb = fc.record({
  rules: fc.record({ viewsPerSet: fc.integer({ min: 1, max: 3 }), setsPerUserPerDay: fc.integer({ min: 1, max: 2 }) }),
  prepaid: fc.tuple(fc.integer({ min: 0, max: 150 }), fc.integer({ min: 0, max: 150 })),
  campaigns: fc.tuple(campaignArb, campaignArb, campaignArb),
  points: fc.array(fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 7, arbitrary: fc.integer({ min: 1, max: 300 }) }), { minLength: SHOPPERS, maxLength: SHOPPERS }),
  // At most 60 commands: even if all were midnights, a run stays within its campaigns' 70 days.
  commands: fc.array(commandArb, { minLength: 15, maxLength: 60, size: "max" }),
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

// ---- statistics, so the property is known to exercise every path ------------------------------

const seen = { runs: 0, prepayments: 0, opened: 0, completed: 0, setsPaid: 0, closed: 0, expiredByJob: 0, callbacksCredited: 0, callbackDuplicates: 0, refused: new Map<string, number>() };
const PANGLE_KEY = "property-pangle-security-key";

// ---- the invariants ---------------------------------------------------------------------------

interface Run {
  advertisers: string[];
  campaigns: string[];
  shoppers: string[];
  /** What this run recorded as prepaid, per advertiser. */
  prepaid: number[];
  setsPerUserPerDay: number;
  /**
   * The platform-wide checks as they stood when the run began (clean, unless an earlier run broke
   * them): a run must not change them, so a shrinking run fails only for what it did itself.
   */
  baseline: { ledger: unknown[]; reservedGap: number };
}

/** ad_reserved's balance less the price of every open direct view (0 when every reservation is a view's). */
async function reservedGap(): Promise<number> {
  const [open] = await t.db.execute<{ sum: string }>(sql`SELECT COALESCE(SUM(price_fen), 0) AS sum FROM ad_views WHERE status = 'open' AND campaign_id IS NOT NULL`);
  return (await readPlatformBalance(t.db, "ad_reserved", "cash")) - Number(open?.sum);
}

async function expectInvariants(run: Run, when: string): Promise<void> {
  expect(await checkLedgerInvariants(t.db), when).toEqual(run.baseline.ledger);

  const campaigns = await t.db.execute<{ id: string; committed: string; budget: string; held: string }>(sql`
    SELECT c.id, c.committed_fen AS committed, c.budget_fen AS budget,
      (SELECT COALESCE(SUM(v.price_fen), 0) FROM ad_views v WHERE v.campaign_id = c.id AND v.status IN ('open', 'completed')) AS held
    FROM ad_campaigns c WHERE c.id = ANY(${pgArray(run.campaigns)}::uuid[])`);
  expect(campaigns, when).toHaveLength(run.campaigns.length);
  for (const c of campaigns) {
    expect(Number(c.committed), `${when}: campaign committed = its open and completed views`).toBe(Number(c.held));
    expect(Number(c.committed), `${when}: campaign within budget`).toBeLessThanOrEqual(Number(c.budget));
  }

  const advertisers = await t.db.execute<{ id: string; balance: string | null; prepaid: string; committed: string }>(sql`
    SELECT a.id, b.balance,
      (SELECT COALESCE(SUM(p.amount_fen), 0) FROM ad_prepayments p WHERE p.advertiser_id = a.id) AS prepaid,
      (SELECT COALESCE(SUM(c.committed_fen), 0) FROM ad_campaigns c WHERE c.advertiser_id = a.id) AS committed
    FROM advertisers a LEFT JOIN ledger_accounts b ON b.advertiser_id = a.id AND b.asset = 'cash'
    WHERE a.id = ANY(${pgArray(run.advertisers)}::uuid[])`);
  for (const a of advertisers) {
    const i = run.advertisers.indexOf(a.id);
    const balance = Number(a.balance ?? 0);
    expect(balance, `${when}: advertiser balance ≥ 0`).toBeGreaterThanOrEqual(0);
    expect(Number(a.prepaid), `${when}: prepaid as recorded`).toBe(run.prepaid[i]);
    expect(balance, `${when}: advertiser balance = prepaid − committed`).toBe(Number(a.prepaid) - Number(a.committed));
  }

  const [negative] = await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM ledger_accounts WHERE user_id = ANY(${pgArray(run.shoppers)}::uuid[]) AND balance < 0`);
  expect(negative?.n, `${when}: no shopper balance below zero`).toBe(0);

  // Platform-wide: every open direct view's reservation, whichever run opened it, and nothing else.
  expect(await reservedGap(), `${when}: ad_reserved = open direct views`).toBe(run.baseline.reservedGap);

  const sets = await t.db.execute<{ id: string; user_id: string; business_day: string; status: string; views_done: number; views_required: number; reward_fen: string; reward_entries: number; reward_amount: string; completed_views: number }>(sql`
    SELECT s.id, s.user_id, s.business_day, s.status, s.views_done, s.views_required, s.reward_fen,
      (SELECT count(*)::int FROM ledger_entries e WHERE e.idempotency_key = 'ads:' || s.user_id || ':' || s.business_day || ':' || s.set_no || ':reward') AS reward_entries,
      (SELECT COALESCE(SUM(e.amount), 0) FROM ledger_entries e WHERE e.idempotency_key = 'ads:' || s.user_id || ':' || s.business_day || ':' || s.set_no || ':reward') AS reward_amount,
      (SELECT count(*)::int FROM ad_views v WHERE v.set_id = s.id AND v.status = 'completed') AS completed_views
    FROM ad_sets s WHERE s.user_id = ANY(${pgArray(run.shoppers)}::uuid[])`);
  const perDay = new Map<string, number>();
  for (const s of sets) {
    expect(s.views_done, `${when}: a set counts its completed views`).toBe(s.completed_views);
    if (s.status === "completed") {
      expect(s.reward_entries, `${when}: a completed set has one reward entry`).toBe(1);
      expect(Number(s.reward_amount)).toBe(Number(s.reward_fen));
      expect(s.views_done).toBe(s.views_required);
      perDay.set(`${s.user_id} ${s.business_day}`, (perDay.get(`${s.user_id} ${s.business_day}`) ?? 0) + 1);
    } else {
      expect(s.reward_entries, `${when}: an unfinished set has no reward`).toBe(0);
    }
  }
  for (const [who, n] of perDay) expect(n, `${when}: sets completed by ${who}`).toBeLessThanOrEqual(run.setsPerUserPerDay);
  // No reward reached a run shopper other than through a completed set.
  const [rewards] = await t.db.execute<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.to_account_id
    WHERE e.reason = 'ads.reward' AND a.user_id = ANY(${pgArray(run.shoppers)}::uuid[])`);
  expect(rewards?.n, `${when}: reward entries = completed sets`).toBe(sets.filter((s) => s.status === "completed").length);

  // A network view is completed only by a credited callback, and a callback credits at most one view.
  const [network] = await t.db.execute<{ views: number; credited: number }>(sql`
    SELECT (SELECT count(*)::int FROM ad_views WHERE user_id = ANY(${pgArray(run.shoppers)}::uuid[]) AND network IS NOT NULL AND status = 'completed') AS views,
      (SELECT count(*)::int FROM ad_callbacks c JOIN ad_views v ON v.id = c.view_id WHERE v.user_id = ANY(${pgArray(run.shoppers)}::uuid[]) AND c.outcome = 'credited') AS credited`);
  expect(network?.credited, `${when}: credited callbacks = completed network views`).toBe(network?.views);

  // A view counted only once its full duration had passed on the server's clock.
  const [early] = await t.db.execute<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM ad_views WHERE user_id = ANY(${pgArray(run.shoppers)}::uuid[]) AND status = 'completed'
      AND closed_at < opened_at + duration_seconds * interval '1 second'`);
  expect(early?.n, `${when}: no view completed early`).toBe(0);
}

// ---- one run ----------------------------------------------------------------------------------

let runNo = 0;

/** A refusal the rules allow (no points, daily cap, nothing to serve, too early, …); anything else fails the run. */
function expectAdRefusal(e: unknown): void {
  if (isDomainError(e) && e.code.startsWith("AD_")) {
    seen.refused.set(e.code, (seen.refused.get(e.code) ?? 0) + 1);
    return;
  }
  throw e;
}

async function openViewsOf(run: Run) {
  return t.db.execute<{ id: string; user_id: string; nonce: string; network: string | null }>(sql`
    SELECT id, user_id, nonce, network FROM ad_views WHERE user_id = ANY(${pgArray(run.shoppers)}::uuid[]) AND status = 'open' ORDER BY opened_at, id`);
}

async function runScenario(scenario: Scenario): Promise<void> {
  const clock = new FixedClock(new Date(BASE + ++runNo * 100 * DAY));
  seen.runs++;
  // Every earlier run's sets have ended (its final expiry), so changing the rules affects this run only.
  await setAdSettings(t.db, clock, { ...SETTINGS, ...scenario.rules });
  const finance = await staffActor(t.db, "finance");
  const owner = await staffActor(t.db, "owner");
  await t.db.transaction((tx) => saveNetworkConfig(tx, clock, owner, { network: "pangle", enabled: true, secret: PANGLE_KEY, keyUrl: "", revenuePerViewFen: 7 }));
  const sentCallbacks: string[] = [];
  const advertisers = [await createAdvertiser(t.db, clock, scenario.prepaid[0], "甲"), await createAdvertiser(t.db, clock, scenario.prepaid[1], "乙")];
  const live = { startsAt: new Date(clock.now().getTime() - 60_000), endsAt: new Date(clock.now().getTime() + 70 * DAY) };
  const campaigns: string[] = [];
  for (const [i, c] of scenario.campaigns.entries()) {
    // Campaign 0 is the first advertiser's, 1 the second's, 2 either's.
    const advertiser = advertisers[i < 2 ? i : c.advertiser] as string;
    campaigns.push(await createCampaign(t.db, clock, advertiser, { ...live, pricePerViewFen: c.price, budgetFen: c.price * c.views + c.remainder, durationSeconds: c.duration }));
  }
  // Shopper 0's L1 is a valid promoter, so completed sets pay commission too.
  const promoter = await createUser(t.db);
  await makePromoter(t.db, clock, promoter.id, 60);
  const shoppers: string[] = [];
  for (const [i, points] of scenario.points.entries()) shoppers.push(await createWatcher(t.db, clock, points, i === 0 ? { referrerId: promoter.id } : {}));
  const run: Run = {
    advertisers,
    campaigns,
    shoppers,
    prepaid: [...scenario.prepaid],
    setsPerUserPerDay: scenario.rules.setsPerUserPerDay,
    baseline: { ledger: await checkLedgerInvariants(t.db), reservedGap: await reservedGap() },
  };
  await expectInvariants(run, "setup");

  for (const [n, cmd] of scenario.commands.entries()) {
    switch (cmd.kind) {
      case "prepay": {
        const advertiserId = advertisers[cmd.advertiser] as string;
        await t.db.transaction((tx) => recordPrepayment(tx, clock, finance, { prepaymentId: randomUUID(), advertiserId, amountFen: cmd.amountFen, reference: `REF-${randomUUID()}` }));
        run.prepaid[cmd.advertiser] = (run.prepaid[cmd.advertiser] ?? 0) + cmd.amountFen;
        seen.prepayments++;
        break;
      }
      case "open": {
        const userId = shoppers[cmd.shopper] as string;
        try {
          // Resumes the shopper's set in progress, or starts the day's next.
          const set = await start(t.db, clock, userId);
          await open(t.db, clock, userId, set.id, { ip: `198.51.100.${cmd.shopper + 1}` });
          seen.opened++;
        } catch (e) {
          expectAdRefusal(e);
        }
        break;
      }
      case "advance":
        clock.advance(cmd.ms);
        break;
      case "complete": {
        const views = await openViewsOf(run);
        const view = views[cmd.pick % Math.max(1, views.length)];
        if (!view) break;
        try {
          const outcome = await complete(t.db, clock, view.user_id, { viewId: view.id, nonce: view.nonce });
          seen.completed++;
          if (outcome.reward) seen.setsPaid++;
        } catch (e) {
          expectAdRefusal(e);
        }
        break;
      }
      case "close": {
        const views = await openViewsOf(run);
        const view = views[cmd.pick % Math.max(1, views.length)];
        if (!view) break;
        await expect(t.db.transaction((tx) => closeAdView(tx, clock, { userId: view.user_id, viewId: view.id, nonce: view.nonce }))).resolves.toEqual({ closed: true });
        seen.closed++;
        break;
      }
      case "expire":
        seen.expiredByJob += await expireAdSessions(t.db, clock);
        break;
      case "openNetwork": {
        const userId = shoppers[cmd.shopper] as string;
        try {
          const set = await start(t.db, clock, userId);
          await t.db.transaction((tx) => openAdView(tx, clock, { userId, deviceId: `dev-${userId}`, setId: set.id, ip: `198.51.100.${cmd.shopper + 1}`, network: "pangle" }));
          seen.opened++;
        } catch (e) {
          expectAdRefusal(e);
        }
        break;
      }
      case "callback": {
        // A copy of a callback already sent (networks send 2–3), or one for an open view.
        let query = cmd.repeat ? sentCallbacks[cmd.pick % Math.max(1, sentCallbacks.length)] : undefined;
        if (!query) {
          const views = (await openViewsOf(run)).filter((v) => v.network === "pangle");
          const view = views[cmd.pick % Math.max(1, views.length)];
          if (!view) break;
          const transId = randomUUID();
          query = `user_id=${view.user_id}&trans_id=${transId}&reward_amount=1&reward_name=cash&extra=${view.nonce}&sign=${pangleSign(PANGLE_KEY, transId)}`;
          sentCallbacks.push(query);
        }
        const answer = await receiveNetworkCallback(t.db, clock, { network: "pangle", rawQuery: query, admobKeys: (url) => new AdmobKeyCache({ url, clock }) });
        expect(answer.status).toBe(200);
        if (answer.outcome === "credited") seen.callbacksCredited++;
        if (answer.outcome.startsWith("duplicate:")) seen.callbackDuplicates++;
        break;
      }
      case "midnight": {
        // To just past the next Shanghai midnight (16:00Z).
        const now = clock.now().getTime();
        clock.set(new Date(Math.floor((now - 16 * 3_600_000) / DAY) * DAY + 16 * 3_600_000 + DAY + 1_000));
        break;
      }
    }
    await expectInvariants(run, `after command ${n} (${cmd.kind})`);
  }

  // A day later every view left open has been given back: committed is what was earned, nothing is reserved.
  clock.advance(DAY);
  seen.expiredByJob += await expireAdSessions(t.db, clock);
  expect(await openViewsOf(run)).toEqual([]);
  await expectInvariants(run, "after the final expiry");
}

describe("ads money invariants (property)", () => {
  it("hold after any sequence of prepayments, opened, completed, closed and expired views, network callbacks and their copies, clock moves and midnights", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        await runScenario(scenario);
      }),
      { numRuns: 25 },
    );
    // Absolutely, not only relative to each run's start.
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
    expect(await reservedGap()).toBe(0);
    // Every path was taken at least once across the runs.
    expect(seen.prepayments).toBeGreaterThan(0);
    expect(seen.opened).toBeGreaterThan(0);
    expect(seen.completed).toBeGreaterThan(0);
    expect(seen.setsPaid).toBeGreaterThan(0);
    expect(seen.closed).toBeGreaterThan(0);
    expect(seen.expiredByJob).toBeGreaterThan(0);
    expect(seen.callbacksCredited).toBeGreaterThan(0);
    expect(seen.callbackDuplicates).toBeGreaterThan(0);
    for (const code of ["AD_NONE_AVAILABLE", "AD_VIEW_TOO_EARLY", "AD_NO_POINTS", "AD_VIEW_IN_PROGRESS"]) expect(seen.refused.get(code) ?? 0, code).toBeGreaterThan(0);
    // 25 scenarios of up to dozens of commands each: minutes on a loaded 2-core machine, not seconds.
  }, 240_000);
});
