import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, like, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { activityItems, addresses, groups, orders, products, users, withdrawals } from "../../db/schema";
import { DEFAULT_ACTIVITY_CONFIG } from "../../server/domain/shared/activity-config";
import { createActivity } from "../../server/domain/activities/create-activity";
import { hashPassword } from "../../server/domain/auth/password";
import { createShopper } from "../../server/domain/auth/sign-up";
import { takeDashboardSnapshots } from "../../server/domain/dashboard/take-snapshots";
import { dissolveExpiredGroups } from "../../server/domain/groups/dissolve-expired-groups";
import { drawPendingGroups } from "../../server/domain/groups/draw-group";
import { joinActivity } from "../../server/domain/groups/join-activity";
import { FixedClock, type Clock } from "../../server/domain/shared/clock";
import { businessDay, businessDayBounds } from "../../server/domain/shared/business-day";
import { isDomainError } from "../../server/domain/shared/errors";
import { readUserBalances } from "../../server/domain/ledger";
import { movePoolPoints } from "../../server/domain/pool/move-pool-points";
import { poolCalendar } from "../../server/domain/pool/pool-phase";
import { settlePoolMonth } from "../../server/domain/pool/settle-pool-month";
import { runDailyDividend } from "../../server/domain/settlement/daily-dividend";
import { cancelOrder } from "../../server/domain/store/cancel-order";
import { createPrizeOrders } from "../../server/domain/store/create-prize-orders";
import { confirmReceipt, markDelivered, shipOrder } from "../../server/domain/store/fulfil-order";
import { placeOrder } from "../../server/domain/store/place-order";
import { refundOrder } from "../../server/domain/store/refund-order";
import { setOrderAddress } from "../../server/domain/store/set-order-address";
import { applyGatewayWebhook } from "../../server/domain/wallet/apply-gateway-webhook";
import { createTopup } from "../../server/domain/wallet/create-topup";
import { decideWithdrawal } from "../../server/domain/wallet/decide-withdrawal";
import { addDestination } from "../../server/domain/payouts/destinations";
import { payOutThroughSandbox } from "../../server/payouts/sandbox-drive";
import { signWebhook } from "../../server/domain/wallet/gateway-signature";
import { requestWithdrawal } from "../../server/domain/wallet/request-withdrawal";

/** The last 14 days are busy; older ones (back to the pool month's in-only days) are quiet. */
const BUSY_DAYS = 14;
const SHOPPERS = 200;
const PHONE_PREFIX = "1370000";
const SURNAMES = ["陈", "刘", "杨", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧", "程", "曹", "袁", "邓"];
const GIVEN = ["晨", "洋", "静", "磊", "婷", "昊", "丽", "鹏", "超", "琳", "军", "敏", "欢", "峰", "佳", "远", "爽", "雨", "凯", "娜", "冰", "宁", "涛", "洁", "明", "然", "曦", "阳", "思远", "子涵", "雨桐", "浩然", "欣怡", "梓萱", "宇轩", "佳怡"];
const CARRIERS = ["顺丰速运", "中通快递", "圆通速递", "京东物流"];
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
const tolerate = async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
  try {
    return await fn();
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return undefined;
  }
};
const dayOfMonth = (day: string) => Number(day.slice(8, 10));

/** The n-th history shopper's name: surname × given name, all distinct for n < 30 × 36. */
const nameOf = (n: number) => `${SURNAMES[n % SURNAMES.length]!}${GIVEN[Math.floor(n / SURNAMES.length) % GIVEN.length]!}`;

/** What the history made, printed by `npm start` on the run that seeds it. */
export interface HistorySummary {
  days: number;
  shoppers: number;
  groupsDrawn: number;
  groupsDissolved: number;
  poolMonthSettled: string | null;
  ordersByStatus: Record<string, number>;
  withdrawalsByStatus: Record<string, number>;
  ms: number;
}

/** One line for the console: what the history made and how long it took. */
export function describeHistory(h: HistorySummary): string {
  const list = (r: Record<string, number>) => Object.entries(r).sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k} ${n}`).join(", ");
  return [
    `Seeded ${h.days} days of history in ${(h.ms / 1000).toFixed(1)} s: ${h.shoppers} shoppers in a referral tree,`,
    `  groups drawn ${h.groupsDrawn}, dissolved ${h.groupsDissolved}; pool month settled: ${h.poolMonthSettled ?? "none"};`,
    `  orders: ${list(h.ordersByStatus)}; withdrawals: ${list(h.withdrawalsByStatus)}.`,
  ].join("\n");
}

interface Shopper {
  id: string;
  code: string;
  addressId: string;
  destinationId: string;
}

/**
 * A platform that has been running for a while (issue: the first look), made through the domain
 * functions with the clock moved to each past day, so every ledger key, rule and invariant holds as
 * in production: 200 shoppers signing up over the days, most invited by an earlier one (a referral
 * tree), topping up through the signed gateway webhook; three past activities whose groups are drawn
 * as they fill (one with "first of the day" ineligible seats and policy random, one 3-seat activity
 * with "new user" and "first of the day" rules and policy dissolve, so some groups dissolve in
 * conflict; one of its groups left half full to time out); prize orders; store orders in every state;
 * withdrawals approved, rejected and pending; each night's daily dividend; points moved into the pool
 * and the month settled by finance in its settlement days. Both activities keep running (their rooms
 * list the past groups, each with its result and proof) after today's two on the home page. Then
 * the nightly dashboard snapshot for every past day.
 * Idempotent: nothing happens when the history's first shopper exists (returns null).
 */
export async function seedDashboardHistory(db: Db, clock: Clock, password: string): Promise<HistorySummary | null> {
  const started = Date.now();
  const [done] = await db.select({ id: users.id }).from(users).where(like(users.phone, `${PHONE_PREFIX}%`)).limit(1);
  if (done) return null;
  const staff = await db.select({ id: users.id, role: users.role }).from(users).where(inArray(users.phone, ["13900000001", "13900000003"]));
  const owner = staff.find((s) => s.role === "owner");
  const finance = staff.find((s) => s.role === "finance");
  const goods = await db.select({ id: products.id, name: products.name }).from(products).where(inArray(products.name, ["每日坚果礼盒 30 袋", "真空保温杯 500ml", "无线降噪耳机"]));
  // The activities' goods are catalog products: their photos show on cards, rooms and prize orders.
  const productId = (name: string) => goods.find((g) => g.name === name)?.id ?? null;
  const storeGoods = goods.filter((g) => g.name !== "无线降噪耳机");
  if (!owner || !finance || goods.length === 0) return null;
  const asOwner = { id: owner.id, role: owner.role, ip: "seed" };
  const asFinance = { id: finance.id, role: finance.role, ip: "seed" };
  const today = businessDay(clock.now());
  const dayBefore = (n: number) => businessDay(new Date(clock.now().getTime() - n * 86_400_000));
  // Back far enough to hold a pool month's settlement days (the 26th) and a few in-only days before them.
  let back = BUSY_DAYS;
  while (back < 45 && !(dayOfMonth(dayBefore(back)) <= 22 && Array.from({ length: back - 1 }, (_, i) => dayBefore(i + 1)).some((d) => dayOfMonth(d) === 26))) back++;
  const days = Array.from({ length: back }, (_, i) => dayBefore(back - i));
  const settleDay = [...days].reverse().find((d) => dayOfMonth(d) === 26) ?? null;
  const next = stream(20261201);
  const passwordHash = await hashPassword(password);

  const opening = at(days[0]!, 9 * 60);
  const [nuts, trio] = await db.transaction(async (tx) => [
    await createActivity(tx, opening, asOwner, {
      name: "每日坚果 6人团",
      priceFen: 19_90,
      groupSize: 6,
      winners: 2,
      opensAt: opening.now(),
      items: [
        { kind: "voucher", name: "¥19.90 购物券", priceFen: 19_90 },
        { kind: "product", name: "每日坚果礼盒 10 袋", priceFen: 19_90, productId: productId("每日坚果礼盒 30 袋") },
      ],
      config: { ...DEFAULT_ACTIVITY_CONFIG, rules: { ...DEFAULT_ACTIVITY_CONFIG.rules, firstOfDay: { on: true } }, conflictPolicy: "random" },
    }),
    await createActivity(tx, opening, asOwner, {
      name: "降噪耳机 3人团 2人中",
      priceFen: 99_00,
      groupSize: 3,
      winners: 2,
      opensAt: opening.now(),
      items: [{ kind: "product", name: "无线降噪耳机 · 白", priceFen: 99_00, productId: productId("无线降噪耳机") }],
      config: {
        ...DEFAULT_ACTIVITY_CONFIG,
        rules: { ...DEFAULT_ACTIVITY_CONFIG.rules, firstOfDay: { on: true }, newUser: { on: true } },
        conflictPolicy: "dissolve",
      },
    }),
  ]);
  const itemsOf = async (activityId: string) => (await db.select({ id: activityItems.id }).from(activityItems).where(eq(activityItems.activityId, activityId)).orderBy(asc(activityItems.position))).map((i) => i.id);
  const activities = [
    { id: nuts!.id, items: await itemsOf(nuts!.id), seats: 6, groupsPerDay: (d: number) => 2 + next(3 + Math.floor(d / 4)) },
    { id: trio!.id, items: await itemsOf(trio!.id), seats: 3, groupsPerDay: () => 1 + next(3) },
  ];

  const shoppers: Shopper[] = [];
  const paidOrders: { id: string; userId: string; cashFen: number }[] = [];
  let withdrawalsMade = 0;
  for (const [d, day] of days.entries()) {
    const busy = d >= days.length - BUSY_DAYS;
    // Sign-ups: spread over the days, most invited by an earlier shopper.
    const due = Math.round((SHOPPERS * (d + 1)) / days.length);
    for (let i = 0; shoppers.length < due; i++) {
      const n = shoppers.length;
      const c = at(day, 8 * 60 + i * 3);
      const referrer = n > 0 && next(5) > 0 ? shoppers[next(n)]! : null;
      const phone = `${PHONE_PREFIX}${String(n + 1).padStart(4, "0")}`;
      const created = await db.transaction((tx) => createShopper(tx, c, { phone, passwordHash, displayName: nameOf(n), referralCode: referrer?.code ?? null }));
      const [address] = await db.insert(addresses).values({ userId: created.userId, recipient: nameOf(n), phone, region: "上海市 浦东新区", detail: `张江路 ${n + 1} 号`, isDefault: true, createdAt: c.now() }).returning({ id: addresses.id });
      const destination = await db.transaction((tx) => addDestination(tx, c, { userId: created.userId, kind: "alipay", account: phone, holderName: nameOf(n) }));
      shoppers.push({ id: created.userId, code: created.referralCode, addressId: address!.id, destinationId: destination.id });
      // Their first top-up, through the gateway.
      await topUp(db, at(day, 8 * 60 + i * 3 + 1), created.userId, (2 + next(4)) * 100_00);
    }
    // Groups: every seat a different shopper; each group is drawn as it fills.
    for (const [a, activity] of activities.entries()) {
      // The 3-seat activity's last day has no groups: its group left short the day before times out.
      if (a === 1 && d === days.length - 1) continue;
      const groupCount = busy ? activity.groupsPerDay(d) : 1;
      for (let g = 0; g < groupCount; g++) await fillGroup(db, at(day, 10 * 60 + a * 30 + g * 50), activity, activity.seats, shoppers, next);
    }
    // Prize orders for the day's winners of goods; most of them get an address and are shipped.
    await db.transaction((tx) => createPrizeOrders(tx, at(day, 22 * 60)));

    if (busy) {
      // The store: an order or two a day, moved along the order's life.
      for (let o = 0; o < 1 + next(2); o++) {
        const buyer = shoppers[next(shoppers.length)]!;
        const order = await tolerate(() => db.transaction((tx) => placeOrder(tx, at(day, 15 * 60 + o * 20), { userId: buyer.id, orderId: randomUUID(), lines: [{ productId: storeGoods[next(storeGoods.length)]!.id, quantity: 1 }], addressId: buyer.addressId, voucherFen: 0, payWith: "cash" })));
        if (order) paidOrders.push({ id: order.id, userId: buyer.id, cashFen: order.cashFen });
      }
      // A top-up and a withdrawal most days; finance approves most and rejects some.
      await topUp(db, at(day, 19 * 60), shoppers[next(shoppers.length)]!.id, (1 + next(3)) * 100_00);
      if (next(3) > 0) {
        const who = shoppers[next(shoppers.length)]!;
        const w = await tolerate(() => db.transaction((tx) => requestWithdrawal(tx, at(day, 20 * 60), { userId: who.id, amountFen: (3 + next(5)) * 10_00, destinationId: who.destinationId, clientKey: randomUUID() })));
        const reject = w !== undefined && withdrawalsMade++ % 4 === 1;
        // Approved ones are paid out through the sandbox payout provider (signed report, as in production).
        if (w && reject) await tolerate(() => db.transaction((tx) => decideWithdrawal(tx, at(day, 21 * 60), asFinance, { withdrawalId: w.id, decision: "reject", note: "收款信息与实名不符，请核对后重新申请" }, { payoutProviders: [] })));
        else if (w) await tolerate(() => payOutThroughSandbox(db, at(day, 21 * 60), asFinance, w.id));
      }
    }
    // The pool: winners holding dividend points move some in on its in-only days; finance settles on the 26th.
    if (poolCalendar(at(day, 12 * 60).now()).phase === "inOnly" && dayOfMonth(day) >= 20) await movePointsIn(db, at(day, 12 * 60), shoppers);
    if (day === settleDay) await settlePoolMonth(db, at(day, 11 * 60), asFinance, { profitFen: 8_888_00 });

    if (d === days.length - 2) {
      // The group left short: one seat in a group of its own (the open group, if someone sits in it, is
      // filled up first), so the timeout below dissolves a group with a shopper in it, not an empty one.
      const [open] = await db.select({ taken: groups.seatsTaken, size: groups.groupSize }).from(groups).where(and(eq(groups.activityId, activities[1]!.id), eq(groups.status, "open")));
      const fillUp = open && open.taken > 0 ? open.size - open.taken : 0;
      await fillGroup(db, at(day, 18 * 60), activities[1]!, fillUp + 1, shoppers, next);
    }
    // 00:00 the next day: the daily dividend of this one.
    const midnight = new FixedClock(new Date(businessDayBounds(day)!.end.getTime() + 30_000));
    if (businessDay(midnight.now()) <= today) await runDailyDividend(db, midnight, { day });
  }
  await moveOrdersAlong(db, days, paidOrders, asOwner, next);
  // The short group's day has passed: the timeout job dissolves and refunds it, and opens the next.
  await dissolveExpiredGroups(db, at(days.at(-1)!, 23 * 60 + 59));
  // Today: a withdrawal waiting for finance.
  await tolerate(() => db.transaction((tx) => requestWithdrawal(tx, clock, { userId: shoppers[7]!.id, amountFen: 50_00, destinationId: shoppers[7]!.destinationId, clientKey: randomUUID() })));
  await takeDashboardSnapshots(db, clock);
  return summarise(db, days.length, shoppers.length, settleDay, started);
}

/**
 * Fills (or part-fills) the activity's open group with `seats` different shoppers, drawing it when
 * full. A join refused (a shopper short of money, a limit) is tried again with another shopper.
 */
async function fillGroup(db: Db, clock: FixedClock, activity: { id: string; items: string[] }, seats: number, shoppers: readonly Shopper[], next: (n: number) => number): Promise<void> {
  const tried = new Set<number>();
  for (let s = 0, taken = 0; taken < seats && tried.size < shoppers.length; s++) {
    let who = next(shoppers.length);
    while (tried.has(who)) who = (who + 1) % shoppers.length;
    tried.add(who);
    const c = new FixedClock(new Date(clock.now().getTime() + s * 6 * 60_000));
    const joined = await tolerate(() => db.transaction((tx) => joinActivity(tx, c, { userId: shoppers[who]!.id, activityId: activity.id, itemId: activity.items[next(activity.items.length)]!, entryId: randomUUID() })));
    if (!joined) continue;
    taken++;
    await drawPendingGroups(db, c, activity.id);
  }
}

/** Shoppers holding 100+ dividend points move their whole hundreds into the pool. */
async function movePointsIn(db: Db, clock: FixedClock, shoppers: readonly Shopper[]): Promise<void> {
  for (const s of shoppers) {
    const points = (await readUserBalances(db, s.id)).divPoints;
    const hundreds = Math.floor(points / 100) * 100;
    if (hundreds > 0) await tolerate(() => db.transaction((tx) => movePoolPoints(tx, clock, { userId: s.id, direction: "in", points: hundreds, moveId: randomUUID() })));
  }
}

/**
 * Store and prize orders through their life, so the console shows every state: paid orders shipped,
 * delivered and received by age; one refunded in full and one in part; prize orders given their
 * winner's default address and shipped; one gateway order left unpaid and one cancelled by its shopper.
 */
async function moveOrdersAlong(db: Db, days: readonly string[], paid: readonly { id: string; userId: string; cashFen: number }[], actor: { id: string; role: string; ip: string }, next: (n: number) => number): Promise<void> {
  const last = days.at(-1)!;
  for (const [i, o] of paid.entries()) {
    const age = paid.length - i;
    const step = async (fn: (c: FixedClock) => Promise<unknown>, minutes: number) => tolerate(() => fn(at(last, minutes)));
    // The oldest is refunded in full, the next in part (and then goes its way like the others).
    if (i < 2) await step((c) => db.transaction((tx) => refundOrder(tx, c, actor, { orderId: o.id, refundId: randomUUID(), amountFen: i === 0 ? o.cashFen : 10_00, note: "退款（演示）" })), 9 * 60);
    if (i === 0) continue;
    if (age <= 2) continue; // paid, waiting to ship
    await step((c) => db.transaction((tx) => shipOrder(tx, c, actor, { orderId: o.id, carrier: CARRIERS[next(CARRIERS.length)]!, trackingNo: `SF${String(1_000_000_000 + i * 7919)}` })), 10 * 60);
    if (age <= 4) continue;
    await step((c) => db.transaction((tx) => markDelivered(tx, c, actor, { orderId: o.id })), 14 * 60);
    if (age <= 6) continue;
    await step((c) => db.transaction((tx) => confirmReceipt(tx, c, { userId: o.userId, orderId: o.id })), 16 * 60);
  }
  // Prize orders: the winner's default address, then shipped (the newest few still wait for an address).
  const prizes = await db.select({ id: orders.id, userId: orders.userId }).from(orders).where(eq(orders.kind, "prize")).orderBy(asc(orders.createdAt));
  for (const p of prizes.slice(0, Math.max(0, prizes.length - 3))) {
    const [address] = await db.select({ id: addresses.id }).from(addresses).where(eq(addresses.userId, p.userId)).limit(1);
    if (!address) continue;
    await tolerate(() => db.transaction((tx) => setOrderAddress(tx, at(last, 11 * 60), { userId: p.userId, orderId: p.id, addressId: address.id })));
    if (next(2) === 0) await tolerate(() => db.transaction((tx) => shipOrder(tx, at(last, 12 * 60), actor, { orderId: p.id, carrier: CARRIERS[next(CARRIERS.length)]!, trackingNo: `ZT${String(7_000_000_000 + next(999_999))}` })));
  }
  // Through the gateway: one left unpaid (it expires as a real one would), one cancelled by its shopper.
  const [buyer] = paid;
  if (!buyer) return;
  const [address] = await db.select({ id: addresses.id }).from(addresses).where(eq(addresses.userId, buyer.userId)).limit(1);
  const [product] = await db.select({ id: products.id }).from(products).limit(1);
  if (!address || !product) return;
  for (const cancel of [false, true]) {
    const c = at(last, 20 * 60 + (cancel ? 5 : 0));
    const order = await tolerate(() => db.transaction((tx) => placeOrder(tx, c, { userId: buyer.userId, orderId: randomUUID(), lines: [{ productId: product.id, quantity: 1 }], addressId: address.id, voucherFen: 0, payWith: "gateway" })));
    if (order && cancel) await tolerate(() => db.transaction((tx) => cancelOrder(tx, c, { userId: buyer.userId, orderId: order.id })));
  }
}

async function summarise(db: Db, days: number, shoppers: number, settleDay: string | null, started: number): Promise<HistorySummary> {
  const count = async <T extends string>(rows: Promise<{ key: T; n: number }[]>) => Object.fromEntries((await rows).map((r) => [r.key, Number(r.n)]));
  const groupCounts = await count(db.select({ key: groups.status, n: sql<number>`count(*)::int` }).from(groups).groupBy(groups.status));
  return {
    days,
    shoppers,
    groupsDrawn: groupCounts.drawn ?? 0,
    groupsDissolved: groupCounts.dissolved ?? 0,
    poolMonthSettled: settleDay ? settleDay.slice(0, 7) : null,
    ordersByStatus: await count(db.select({ key: orders.status, n: sql<number>`count(*)::int` }).from(orders).groupBy(orders.status)),
    withdrawalsByStatus: await count(db.select({ key: withdrawals.status, n: sql<number>`count(*)::int` }).from(withdrawals).groupBy(withdrawals.status)),
    ms: Date.now() - started,
  };
}

async function topUp(db: Db, clock: FixedClock, userId: string, amountFen: number): Promise<void> {
  const order = await db.transaction((tx) => createTopup(tx, clock, { userId, amountFen }));
  const rawBody = JSON.stringify({ type: "payment.captured", txnId: `seed-${order.id}`, orderId: order.id, amountFen, currency: "CNY" });
  const signatureHeader = signWebhook(SEED_GATEWAY_SECRET, rawBody, Math.floor(clock.now().getTime() / 1000));
  await db.transaction((tx) => applyGatewayWebhook(tx, clock, { secret: SEED_GATEWAY_SECRET, rawBody, signatureHeader }));
}
