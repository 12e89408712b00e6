import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTranslator } from "next-intl";
import en from "@/messages/en.json";
import zhCN from "@/messages/zh-CN.json";
import { notifications } from "@/db/schema";
import { FixedClock } from "@/server/domain/shared/clock";
import { checkLedgerInvariants } from "@/server/domain/ledger";
import { releaseDueCommissions } from "@/server/domain/store/release-commissions";
import { payOutThroughSandbox } from "@/server/payouts/sandbox-drive";
import { moneyNoticeText, type MoneyNoticePayload } from "@/components/me/money-notice-text";
import { untyped } from "@/components/i18n/dynamic-key";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser, fund } from "../helpers/factories";
import { callerFor, catchTrpc } from "../helpers/api-caller";
import { aDestination } from "../helpers/payout-fixtures";
import { paidOrderWithReferrers } from "../store/fixtures";

let t: TestDb;
const clock = new FixedClock("2026-11-25T04:00:00Z");
const DAY = 86_400_000;
let finance: { id: string; role: "finance" };
let operator: { id: string; role: "operator" };

beforeAll(async () => {
  t = await createTestDb();
  finance = { id: (await createUser(t.db, { role: "finance" })).id, role: "finance" };
  operator = { id: (await createUser(t.db, { role: "operator" })).id, role: "operator" };
});
afterEach(async () => {
  expect(await checkLedgerInvariants(t.db)).toEqual([]);
});
afterAll(() => t.drop());

const noticesOf = (userId: string, kind: string) => t.db.select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)));

/** The notice as each locale's reader sees it, through the same function the notifications page uses. */
function read(kind: string, payload: unknown) {
  return Object.fromEntries(
    (["zh-CN", "en"] as const).map((locale) => {
      const messages = locale === "en" ? en : zhCN;
      const tr = (namespace: "notifications" | "payoutAccounts" | "payoutBanks" | "payoutFailures") => untyped(createTranslator({ locale, messages, namespace }) as never);
      return [locale, moneyNoticeText(kind, payload as MoneyNoticePayload, tr("notifications"), tr("payoutAccounts"), tr("payoutBanks"), tr("payoutFailures"))];
    }),
  );
}

async function shopperWithWithdrawal(amountFen = 10_000) {
  const u = await createUser(t.db);
  await fund(t.db, clock, u.id, "cash", 50_000);
  const api = callerFor(t.db, clock, { id: u.id, role: "shopper" });
  const destinationId = await aDestination(t.db, clock, u.id);
  const w = await api.wallet.requestWithdrawal({ amountFen, destinationId, clientKey: randomUUID() });
  return { userId: u.id, withdrawalId: w.id, api };
}

describe("withdrawal decided", () => {
  it("approved, then paid: one notice each, naming the masked account, in both languages", async () => {
    const s = await shopperWithWithdrawal(12_300);
    await payOutThroughSandbox(t.db, clock, { ...finance, ip: "x" }, s.withdrawalId);
    const [approved] = await noticesOf(s.userId, "withdrawal.approved");
    const [paid] = await noticesOf(s.userId, "withdrawal.paid");
    expect(approved?.payload).toMatchObject({ withdrawalId: s.withdrawalId, amountFen: 12_300, destination: { kind: "alipay", account: expect.stringMatching(/^136\*{4}\d{4}$/) } });
    const text = read("withdrawal.paid", paid!.payload);
    expect(text["zh-CN"]).toMatchObject({ title: "提现已到账", body: expect.stringMatching(/^¥123\.00 已付至 支付宝 136\*{4}\d{4}。$/) });
    expect(text.en).toMatchObject({ title: "Withdrawal paid", body: expect.stringMatching(/^¥123\.00 was paid to Alipay 136\*{4}\d{4}\.$/) });
    expect(read("withdrawal.approved", approved!.payload)["zh-CN"]?.body).toContain("正在打款至 支付宝");
  });

  it("rejected with the reason; a refused decision (no reason) notifies nobody", async () => {
    const s = await shopperWithWithdrawal();
    const fin = callerFor(t.db, clock, finance);
    await catchTrpc(() => fin.admin.decideWithdrawal({ withdrawalId: s.withdrawalId, decision: "reject" }));
    expect(await noticesOf(s.userId, "withdrawal.rejected")).toEqual([]);
    await fin.admin.decideWithdrawal({ withdrawalId: s.withdrawalId, decision: "reject", note: "收款人姓名与实名不符" });
    const [n] = await noticesOf(s.userId, "withdrawal.rejected");
    expect(n?.payload).toMatchObject({ amountFen: 10_000, reason: "收款人姓名与实名不符" });
    expect(read("withdrawal.rejected", n!.payload)["zh-CN"]?.body).toBe("你的提现 ¥100.00 被驳回，资金已退回零钱。原因：收款人姓名与实名不符");
    expect(read("withdrawal.rejected", n!.payload).en?.body).toBe("Your withdrawal of ¥100.00 was rejected and the money is back in your cash. Reason: 收款人姓名与实名不符");
  });

  it("failed at the provider, with its reason", async () => {
    const s = await shopperWithWithdrawal();
    await payOutThroughSandbox(t.db, clock, { ...finance, ip: "x" }, s.withdrawalId, "failed");
    const [n] = await noticesOf(s.userId, "withdrawal.failed");
    expect(n?.payload).toMatchObject({ amountFen: 10_000, reason: "收款账户户名不符" });
    expect(read("withdrawal.failed", n!.payload)["zh-CN"]?.title).toBe("提现打款失败");
    expect(read("withdrawal.failed", n!.payload).en?.body).toContain("Reason: 收款账户户名不符");
  });
});

describe("order shipped", () => {
  it("tells the buyer the carrier and tracking number, once; a refused shipment tells nothing", async () => {
    const { order, buyer } = await paidOrderWithReferrers(t.db, clock);
    const op = callerFor(t.db, clock, operator);
    await catchTrpc(() => op.admin.orders.ship({ id: order.id, carrier: "顺丰速运", trackingNo: "bad no!" }));
    expect(await noticesOf(buyer.id, "order.shipped")).toEqual([]);
    await op.admin.orders.ship({ id: order.id, carrier: "顺丰速运", trackingNo: "SF1400000001" });
    await catchTrpc(() => op.admin.orders.ship({ id: order.id, carrier: "顺丰速运", trackingNo: "SF1400000002" }));
    const notes = await noticesOf(buyer.id, "order.shipped");
    expect(notes.map((n) => n.payload)).toEqual([{ orderId: order.id, carrier: "顺丰速运", trackingNo: "SF1400000001" }]);
    expect(read("order.shipped", notes[0]!.payload)["zh-CN"]?.body).toBe("你的订单已由 顺丰速运 发出，运单号 SF1400000001。");
    expect(read("order.shipped", notes[0]!.payload).en?.body).toBe("Your order was shipped by 顺丰速运, tracking number SF1400000001.");
  });
});

describe("commission", () => {
  it("clawed back by a refund inside the hold, then released: the referrers are told each amount, once", async () => {
    const c = new FixedClock(clock.now());
    const { order, l1, l2 } = await paidOrderWithReferrers(t.db, c);
    c.advance(DAY);
    await callerFor(t.db, c, finance).admin.orders.refund({ id: order.id, refundId: randomUUID(), amountFen: 5_000, note: "部分退款" });
    expect((await noticesOf(l1, "commission.clawed_back")).map((n) => n.payload)).toEqual([{ orderId: order.id, level: 1, amountFen: 105 }]);
    expect((await noticesOf(l2, "commission.clawed_back")).map((n) => n.payload)).toEqual([{ orderId: order.id, level: 2, amountFen: 35 }]);
    c.advance(7 * DAY);
    await releaseDueCommissions(t.db, c);
    await releaseDueCommissions(t.db, c);
    const [released] = await noticesOf(l1, "commission.released");
    expect((await noticesOf(l1, "commission.released")).map((n) => n.payload)).toEqual([{ orderId: order.id, level: 1, amountFen: 105 }]);
    expect((await noticesOf(l2, "commission.released")).map((n) => n.payload)).toEqual([{ orderId: order.id, level: 2, amountFen: 35 }]);
    expect(read("commission.released", released!.payload)["zh-CN"]?.body).toBe("直推购物佣金 ¥1.05 已存入零钱。");
    expect(read("commission.clawed_back", { orderId: order.id, level: 2, amountFen: 35 }).en?.body).toBe("A friend's order was refunded: ¥0.35 of your indirect store commission was taken back.");
  });
});

describe("refund returned to cash", () => {
  it("names the order by its first line and how many more, or what the payment was for; the provider's reason only when it gave one", () => {
    const base = { refundId: randomUUID(), paymentOrderId: randomUUID(), amountFen: 12_345 };
    const order = read("refund.returned_to_cash", { ...base, orderId: randomUUID(), purpose: "store_order", itemName: "保温杯", itemCount: 3, reason: "基本账户余额不足 (NOT_ENOUGH)" });
    expect(order["zh-CN"]?.body).toBe("订单「保温杯」等 3 件退款 ¥123.45 未能原路退回，已存入你的零钱，可用于拼团、购物或提现。原因：基本账户余额不足 (NOT_ENOUGH)");
    expect(order.en?.body).toBe("The ¥123.45 refund for your order “保温杯” and 2 more items couldn't be returned to the original payment, so it's in your cash balance, ready to join groups, shop or withdraw. Reason: 基本账户余额不足 (NOT_ENOUGH)");
    const join = read("refund.returned_to_cash", { ...base, orderId: null, purpose: "group_join", itemName: null, itemCount: 0, reason: null });
    expect(join["zh-CN"]).toEqual({ title: "退款未能原路退回，已存入零钱", body: "参团支付退款 ¥123.45 未能原路退回，已存入你的零钱，可用于拼团、购物或提现。", tone: "bad" });
    expect(join.en?.body).toBe("The ¥123.45 refund for your group payment couldn't be returned to the original payment, so it's in your cash balance, ready to join groups, shop or withdraw.");
  });
});
