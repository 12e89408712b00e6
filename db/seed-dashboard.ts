import { randomUUID } from "node:crypto";
import { asc, eq, inArray, like } from "drizzle-orm";
import type { Db } from "./client";
import { activityItems, addresses, products, users } from "./schema";
import { DEFAULT_ACTIVITY_CONFIG } from "../server/domain/activities/activity-config";
import { createActivity } from "../server/domain/activities/create-activity";
import { setActivityStatus } from "../server/domain/activities/set-activity-status";
import { signUp } from "../server/domain/auth/sign-up";
import { takeDashboardSnapshots } from "../server/domain/dashboard/take-snapshots";
import { drawPendingGroups } from "../server/domain/groups/draw-group";
import { joinActivity } from "../server/domain/groups/join-activity";
import { FixedClock, type Clock } from "../server/domain/shared/clock";
import { businessDay, businessDayBounds } from "../server/domain/shared/business-day";
import { isDomainError } from "../server/domain/shared/errors";
import { runDailyDividend } from "../server/domain/settlement/daily-dividend";
import { placeOrder } from "../server/domain/store/place-order";
import { refundOrder } from "../server/domain/store/refund-order";
import { applyGatewayWebhook } from "../server/domain/wallet/apply-gateway-webhook";
import { createTopup } from "../server/domain/wallet/create-topup";
import { addDestination } from "../server/domain/payouts/destinations";
import { payOutThroughSandbox } from "../server/payouts/sandbox-drive";
import { signWebhook } from "../server/domain/wallet/gateway-signature";
import { requestWithdrawal } from "../server/domain/wallet/request-withdrawal";

const DAYS = 14;
const PHONE_PREFIX = "1370000";
const NAMES = ["陈晨", "刘洋", "杨静", "黄磊", "周婷", "吴昊", "徐丽", "孙鹏", "马超", "朱琳", "胡军", "郭敏", "何欢", "林峰", "罗佳", "高远", "梁爽", "宋雨", "郑凯", "谢娜", "韩冰", "唐宁", "冯涛", "于洁", "董明", "萧然", "程曦", "曹阳"];
/** The seed's own signing secret: its top-ups go through the webhook code path, signed and verified with it. */
const SEED_GATEWAY_SECRET = "seed-dashboard-history-gateway-secret";

/** A deterministic stream (mulberry32), so every demo database has the same history. */
function stream(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

const at = (day: string, minutes: number) => new FixedClock(new Date(businessDayBounds(day)!.start.getTime() + minutes * 60_000));
const tolerate = async (fn: () => Promise<unknown>) => {
  try {
    await fn();
  } catch (e) {
    if (!isDomainError(e)) throw e;
  }
};

/**
 * Two weeks of history for the operators' dashboard, made through the domain functions with the
 * clock moved to each past day (so every ledger key, rule and invariant holds): shoppers signing up
 * (own phones 1370000xxxx; the demo shoppers' balances stay as the other specs expect), topping up
 * through the gateway webhook, joining a past activity's groups that are drawn at once, buying from
 * the store (with a refund now and then), withdrawing, and each night's daily dividend. The activity
 * is paused at the end (shoppers see only today's two). Then the nightly snapshot for every past day.
 * Idempotent: nothing happens when the history's first shopper exists.
 */
export async function seedDashboardHistory(db: Db, clock: Clock): Promise<void> {
  const [done] = await db.select({ id: users.id }).from(users).where(like(users.phone, `${PHONE_PREFIX}%`)).limit(1);
  if (done) return;
  const staff = await db.select({ id: users.id, role: users.role }).from(users).where(inArray(users.phone, ["13900000001", "13900000003"]));
  const owner = staff.find((s) => s.role === "owner");
  const finance = staff.find((s) => s.role === "finance");
  const goods = await db.select({ id: products.id }).from(products).where(inArray(products.name, ["每日坚果礼盒 30 袋", "真空保温杯 500ml"]));
  if (!owner || !finance || goods.length === 0) return;
  const asOwner = { id: owner.id, role: owner.role, ip: "seed" };
  const asFinance = { id: finance.id, role: finance.role, ip: "seed" };
  const today = businessDay(clock.now());
  const days = Array.from({ length: DAYS }, (_, i) => businessDay(new Date(clock.now().getTime() - (DAYS - i) * 86_400_000)));
  const next = stream(20261201);

  const opening = at(days[0]!, 9 * 60);
  const activity = await db.transaction((tx) =>
    createActivity(tx, opening, asOwner, {
      name: "每日坚果 6人团（往期）",
      priceFen: 19_90,
      groupSize: 6,
      winners: 2,
      opensAt: opening.now(),
      items: [
        { kind: "voucher", name: "¥19.90 购物券", priceFen: 19_90 },
        { kind: "product", name: "每日坚果礼盒 10 袋", priceFen: 19_90 },
      ],
      config: DEFAULT_ACTIVITY_CONFIG,
    }),
  );
  const items = await db.select({ id: activityItems.id }).from(activityItems).where(eq(activityItems.activityId, activity.id)).orderBy(asc(activityItems.position));

  const shoppers: { id: string; code: string; addressId: string; destinationId: string }[] = [];
  for (const [d, day] of days.entries()) {
    // Sign-ups: two to four a day, most invited by an earlier shopper.
    const signups = 2 + next(3);
    for (let i = 0; i < signups && shoppers.length < NAMES.length; i++) {
      const n = shoppers.length;
      const c = at(day, 8 * 60 + i * 13);
      const referrer = n > 0 && next(4) > 0 ? shoppers[next(n)]! : null;
      const created = await db.transaction((tx) => signUp(tx, c, { phone: `${PHONE_PREFIX}${String(n + 1).padStart(4, "0")}`, password: `seed-${randomUUID()}`, displayName: NAMES[n]!, referralCode: referrer?.code ?? null }));
      const [address] = await db.insert(addresses).values({ userId: created.userId, recipient: NAMES[n]!, phone: `${PHONE_PREFIX}${String(n + 1).padStart(4, "0")}`, region: "上海市 浦东新区", detail: `张江路 ${n + 1} 号`, isDefault: true, createdAt: c.now() }).returning({ id: addresses.id });
      const destination = await db.transaction((tx) => addDestination(tx, c, { userId: created.userId, kind: "alipay", account: `${PHONE_PREFIX}${String(n + 1).padStart(4, "0")}`, holderName: NAMES[n]! }));
      shoppers.push({ id: created.userId, code: created.referralCode, addressId: address!.id, destinationId: destination.id });
      // Their first top-up, through the gateway.
      await topUp(db, at(day, 8 * 60 + i * 13 + 2), created.userId, (2 + next(4)) * 100_00);
    }
    // Groups: a few full ones a day, every seat a different shopper; each is drawn as it fills.
    const groups = 2 + next(3 + Math.floor(d / 3));
    for (let g = 0; g < groups; g++) {
      const seated = new Set<number>();
      for (let s = 0; s < 6 && seated.size < shoppers.length; s++) {
        let who = next(shoppers.length);
        while (seated.has(who)) who = (who + 1) % shoppers.length;
        seated.add(who);
        const c = at(day, 10 * 60 + g * 50 + s * 6);
        await tolerate(() => db.transaction((tx) => joinActivity(tx, c, { userId: shoppers[who]!.id, activityId: activity.id, itemId: items[next(items.length)]!.id, entryId: randomUUID() })));
        await drawPendingGroups(db, c, activity.id);
      }
    }
    // The store: an order or two, a partial refund every few days.
    for (let o = 0; o < 1 + next(2); o++) {
      const buyer = shoppers[next(shoppers.length)]!;
      const c = at(day, 15 * 60 + o * 20);
      await tolerate(async () => {
        const order = await db.transaction((tx) => placeOrder(tx, c, { userId: buyer.id, orderId: randomUUID(), lines: [{ productId: goods[next(goods.length)]!.id, quantity: 1 }], addressId: buyer.addressId, voucherFen: 0, payWith: "cash" }));
        if (next(4) === 0) await db.transaction((tx) => refundOrder(tx, at(day, 17 * 60), asFinance, { orderId: order.id, refundId: randomUUID(), amountFen: 10_00, note: "部分退款（演示）" }));
      });
    }
    // A top-up and a withdrawal most days, approved by finance.
    await topUp(db, at(day, 19 * 60), shoppers[next(shoppers.length)]!.id, (1 + next(3)) * 100_00);
    if (next(3) > 0) {
      const who = shoppers[next(shoppers.length)]!;
      await tolerate(async () => {
        const w = await db.transaction((tx) => requestWithdrawal(tx, at(day, 20 * 60), { userId: who.id, amountFen: (3 + next(5)) * 10_00, destinationId: who.destinationId, clientKey: randomUUID() }));
        await payOutThroughSandbox(db, at(day, 21 * 60), asFinance, w.id);
      });
    }
    // 00:00 the next day: the daily dividend of this one.
    const midnight = new FixedClock(new Date(businessDayBounds(day)!.end.getTime() + 30_000));
    if (businessDay(midnight.now()) <= today) await runDailyDividend(db, midnight, { day });
  }
  await db.transaction((tx) => setActivityStatus(tx, at(days.at(-1)!, 23 * 60), asOwner, { activityId: activity.id, action: "pause" }));
  await takeDashboardSnapshots(db, clock);
}

async function topUp(db: Db, clock: FixedClock, userId: string, amountFen: number): Promise<void> {
  const order = await db.transaction((tx) => createTopup(tx, clock, { userId, amountFen }));
  const rawBody = JSON.stringify({ type: "payment.captured", txnId: `seed-${order.id}`, orderId: order.id, amountFen, currency: "CNY" });
  const signatureHeader = signWebhook(SEED_GATEWAY_SECRET, rawBody, Math.floor(clock.now().getTime() / 1000));
  await db.transaction((tx) => applyGatewayWebhook(tx, clock, { secret: SEED_GATEWAY_SECRET, rawBody, signatureHeader }));
}

