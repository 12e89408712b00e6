import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { advertisers, users } from "../../db/schema";
import { drawCreativePng, type Rgb } from "./seed-creative-png";
import { completeAdView } from "../../server/domain/ads/complete-ad-view";
import { recordPrepayment, saveAdvertiser } from "../../server/domain/ads/manage-advertisers";
import { saveCampaign } from "../../server/domain/ads/manage-campaigns";
import { openAdView } from "../../server/domain/ads/open-ad-view";
import { startAdSet } from "../../server/domain/ads/start-ad-set";
import { postTransfers } from "../../server/domain/ledger";
import { writeSetting } from "../../server/domain/settings/platform-settings";
import { FixedClock, type Clock } from "../../server/domain/shared/clock";
import { businessDay, businessDayBounds } from "../../server/domain/shared/business-day";
import { LocalDiskStorage, type ImageStorage } from "../../server/storage/local-disk-storage";

const CAMPAIGNS: { name: string; priceFen: number; budgetFen: number; colors: [Rgb, Rgb]; shape: "bottle" | "cup" }[] = [
  { name: "星河气泡水 · 夏日清爽", priceFen: 50, budgetFen: 200_00, colors: [[14, 165, 233], [30, 64, 175]], shape: "bottle" },
  { name: "星河茶饮 · 新品上市", priceFen: 30, budgetFen: 150_00, colors: [[34, 197, 94], [20, 83, 45]], shape: "cup" },
  { name: "星河咖啡 · 早安一杯", priceFen: 20, budgetFen: 100_00, colors: [[245, 158, 11], [124, 45, 18]], shape: "cup" },
];

/** Mall points for shoppers who watch ads; the first two have a few days of completed sets behind them. */
const WATCHERS = [
  { phone: "13800000002", points: 300, history: true },
  { phone: "13800000003", points: 150, history: true },
  { phone: "13800000005", points: 300, history: false },
];

/**
 * The ads demo for `npm start` (spec §6): one advertiser with a prepaid budget and three campaigns
 * whose creatives are drawn now, a tier table, and four past days of completed sets — made through
 * the domain functions themselves, with the clock moved, so every rule and ledger key holds. Idempotent.
 */
export async function seedAds(db: Db, clock: Clock, storage: ImageStorage = new LocalDiskStorage()): Promise<void> {
  const [any] = await db.select({ id: advertisers.id }).from(advertisers).limit(1);
  if (any) return;
  const staff = await db.select({ id: users.id, role: users.role, phone: users.phone }).from(users).where(inArray(users.phone, ["13900000002", "13900000003"]));
  const operator = staff.find((s) => s.role === "operator");
  const finance = staff.find((s) => s.role === "finance");
  if (!operator || !finance) return;
  const asOperator = { id: operator.id, role: operator.role, ip: "seed" };
  const start = new Date(clock.now().getTime() - 6 * 86_400_000);
  // Set up before the first demo day, as an operator would have.
  const then = new FixedClock(start);

  await db.transaction(async (tx) => {
    const clock = then;
    await writeSetting(tx, clock, asOperator, "ads", {
      viewsPerSet: 4,
      setsPerUserPerDay: 1,
      setsPerDevicePerDay: 2,
      viewSessionsPerIpPerHour: 120,
      viewGraceSeconds: 300,
      setIdleMinutes: 30,
      commissionL1Bp: 500,
      commissionL2Bp: 200,
      tiers: [
        { minPoints: 1, rewardFen: 100, pointsCost: 1 },
        { minPoints: 200, rewardFen: 180, pointsCost: 2 },
        { minPoints: 1000, rewardFen: 400, pointsCost: 5 },
      ],
    });
    const { id: advertiserId } = await saveAdvertiser(tx, clock, asOperator, { name: "星河饮品 Galaxy Drinks", contact: "张经理 021-5555-0100" });
    await recordPrepayment(tx, clock, { id: finance.id, role: finance.role, ip: "seed" }, { prepaymentId: randomUUID(), advertiserId, amountFen: 500_00, reference: "SEED-TRANSFER-0001" });
    for (const c of CAMPAIGNS) {
      const url = await storage.put(drawCreativePng(c.colors[0], c.colors[1], c.shape), "png");
      await saveCampaign(tx, clock, asOperator, { advertiserId, name: c.name, creativeUrl: url, durationSeconds: 30, pricePerViewFen: c.priceFen, budgetFen: c.budgetFen, startsAt: start, endsAt: null, active: true });
    }
    for (const w of WATCHERS) {
      const [u] = await tx.select({ id: users.id }).from(users).where(eq(users.phone, w.phone));
      if (!u) continue;
      await postTransfers(tx, clock, [{ key: `seed:${w.phone}:mallPoints`, asset: "mallPoints", from: { platform: "rewards_expense" }, to: { userId: u.id }, amount: w.points, reason: "seed", ref: { type: "seed", id: w.phone } }]);
    }
  });

  // Four past days: each watcher completes that day's set at noon, business time.
  const ids = await db.select({ id: users.id, phone: users.phone }).from(users).where(inArray(users.phone, WATCHERS.filter((w) => w.history).map((w) => w.phone)));
  for (let back = 4; back >= 1; back--) {
    const day = businessDay(new Date(clock.now().getTime() - back * 86_400_000));
    for (const [i, u] of ids.entries()) {
      const at = new FixedClock(new Date((businessDayBounds(day)?.start.getTime() ?? 0) + (12 * 60 + i * 7) * 60_000));
      await watchOneSet(db, at, u.id, `seed-device-${u.phone}`);
    }
  }
}

async function watchOneSet(db: Db, clock: FixedClock, userId: string, deviceId: string): Promise<void> {
  const set = await db.transaction((tx) => startAdSet(tx, clock, { userId, deviceId }));
  for (let v = set.viewsDone; v < set.viewsRequired; v++) {
    const view = await db.transaction((tx) => openAdView(tx, clock, { userId, deviceId, setId: set.id, ip: "seed" }));
    clock.advance(view.durationSeconds * 1000 + 2_000);
    await db.transaction((tx) => completeAdView(tx, clock, { userId, viewId: view.viewId, nonce: view.nonce }));
  }
}
