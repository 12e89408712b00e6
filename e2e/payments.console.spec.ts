import { randomUUID } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { sql } from "drizzle-orm";
import { createDb, type Db } from "../db/client";
import { systemClock } from "../server/domain/shared/clock";
import { saveAddress } from "../server/domain/store/addresses";
import { placeOrder } from "../server/domain/store/place-order";
import { refundOrder } from "../server/domain/store/refund-order";
import { e2eStandInPorts } from "../scripts/lib/e2e-env";
import { DEMO, signInThroughForm } from "./helpers/accounts";
import { PHONE } from "./helpers/chromium";
import { signUpFresh } from "./helpers/group-draw";
import { shot } from "./helpers/screens";

/**
 * The console's view of the payment providers (1440×900): every payment with its provider and the
 * provider's transaction id, filtered by provider; orders showing theirs; a refund made from the order
 * drawer going back through WeChat Pay's stand-in; the provider refunds by status, and finance asking
 * WeChat Pay about a refund that was never sent (what the payments.sync job would do a minute later).
 */
test.describe.configure({ mode: "serial" });

let handle: ReturnType<typeof createDb>;
let db: Db;
test.beforeAll(() => {
  handle = createDb(process.env.E2E_DATABASE_URL!, { max: 2 });
  db = handle.db;
});
test.afterAll(async () => {
  await handle.close();
});

const one = async <T extends Record<string, unknown>>(q: ReturnType<typeof sql>) => (await db.execute<T>(q))[0]!;

/** A store order placed for the shopper, paid through the provider's stand-in in the shopper's browser. */
async function paidStoreOrder(shopper: Page, userId: string, provider: "wechatpay" | "alipay"): Promise<{ orderId: string; paymentOrderId: string; cashFen: number }> {
  const { id: productId } = await one<{ id: string }>(sql`SELECT id FROM products WHERE on_sale AND stock > 5 AND max_per_shopper IS NULL ORDER BY price_fen LIMIT 1`);
  const orderId = randomUUID();
  const placed = await db.transaction(async (tx) => {
    const address = await saveAddress(tx, systemClock, userId, { recipient: "王小明", phone: "13700000000", region: "上海市 浦东新区", detail: "世纪大道 100 号", isDefault: false });
    return placeOrder(tx, systemClock, { userId, orderId, lines: [{ productId, quantity: 1 }], addressId: address.id, voucherFen: 0, payWith: "gateway", provider });
  });
  const ports = e2eStandInPorts();
  await shopper.goto(`/pay/${provider}/${placed.paymentOrderId}`);
  if (provider === "wechatpay") {
    await shopper.waitForURL(new RegExp(`^http://127\\.0\\.0\\.1:${ports.wechat}/h5pay\\?`));
    await shopper.getByRole("button", { name: "立即支付" }).click();
  } else {
    await shopper.waitForURL(new RegExp(`^http://127\\.0\\.0\\.1:${ports.alipay}/gateway\\.do\\?`));
    await shopper.getByRole("button", { name: "确认付款" }).click();
  }
  await shopper.waitForURL(`**/orders/${orderId}`, { timeout: 30_000 });
  await expect.poll(async () => (await one<{ status: string }>(sql`SELECT status FROM payment_orders WHERE id = ${placed.paymentOrderId}`)).status).toBe("paid");
  return { orderId, paymentOrderId: placed.paymentOrderId!, cashFen: placed.cashFen };
}

async function consolePage(browser: Browser, phone: string, locale = "zh-CN"): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale, timezoneId: "Asia/Shanghai" });
  const page = await context.newPage();
  await signInThroughForm(page, phone, { path: "/admin/login" });
  await page.waitForURL("**/admin");
  return page;
}

test("finance sees each payment's provider, refunds through WeChat Pay from the order drawer, and asks about an unsent refund", async ({ page, browser, baseURL }, testInfo) => {
  test.setTimeout(180_000);
  const shopperContext = await browser.newContext({ ...PHONE, baseURL, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  const shopper = await shopperContext.newPage();
  const phone = await signUpFresh(shopper);
  const { id: userId } = await one<{ id: string }>(sql`SELECT id FROM users WHERE phone = ${phone}`);
  const viaDrawer = await paidStoreOrder(shopper, userId, "wechatpay");
  const unsent = await paidStoreOrder(shopper, userId, "wechatpay");
  const byAlipay = await paidStoreOrder(shopper, userId, "alipay");
  await shopperContext.close();
  const txn = (await one<{ t: string }>(sql`SELECT gateway_txn_id AS t FROM payment_orders WHERE id = ${viaDrawer.paymentOrderId}`)).t;
  // A refund whose submission never happened (the server stopped after its commit): left pending for the job.
  const { id: financeId } = await one<{ id: string }>(sql`SELECT id FROM users WHERE phone = ${DEMO.finance}`);
  await db.transaction((tx) => refundOrder(tx, systemClock, { id: financeId, role: "finance", ip: "127.0.0.1" }, { orderId: unsent.orderId, refundId: randomUUID(), amountFen: unsent.cashFen, note: "e2e" }));
  const { id: unsentRefund } = await one<{ id: string }>(sql`SELECT id FROM gateway_refunds WHERE order_id = ${unsent.orderId}`);

  await signInThroughForm(page, DEMO.finance, { path: "/admin/login" });
  await page.waitForURL("**/admin");

  // Orders: the provider and its transaction id in the list, filtered by provider.
  await page.goto("/admin/orders");
  await page.getByRole("tab", { name: "全部" }).click();
  await page.getByTestId("provider-filter").selectOption("wechatpay");
  const orderRow = page.locator(`[data-testid="order-row"][data-order-id="${viaDrawer.orderId}"]`);
  await expect(orderRow.getByTestId("payment-provider")).toHaveText("微信支付");
  await expect(orderRow.getByTestId("order-payment")).toContainText(txn.slice(0, 12));
  await expect(page.locator(`[data-testid="order-row"][data-order-id="${byAlipay.orderId}"]`)).toHaveCount(0);
  await shot(page, testInfo, "console-orders-provider");

  // Refund it from the drawer: the cash part goes back through WeChat Pay (its stand-in agrees).
  await orderRow.getByRole("button", { name: "订单详情" }).click();
  const drawer = page.getByRole("dialog");
  await expect(drawer.getByTestId("order-payment-detail")).toContainText("微信支付");
  await expect(drawer.getByTestId("order-payment-detail")).toContainText(txn);
  await drawer.getByLabel("退款金额（元）").fill((viaDrawer.cashFen / 100).toFixed(2));
  await drawer.getByLabel("退款原因").fill("商品缺货");
  await drawer.getByRole("button", { name: "退款", exact: true }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "退款", exact: true }).click();
  await expect(page.getByText(/^已退款 ¥/)).toBeVisible();
  await drawer.getByTestId("order-provider-refunds").click();

  // The provider refunds of that order: succeeded, with WeChat Pay's refund id.
  await page.waitForURL(`**/admin/payments?tab=refunds&order=${viaDrawer.orderId}`);
  await expect(page.getByTestId("refund-order-filter")).toContainText(viaDrawer.orderId.slice(0, 8));
  const done = page.getByTestId("provider-refund");
  await expect(done).toHaveCount(1);
  await expect(done.getByTestId("refund-status")).toHaveText("已退回");
  await expect(done).toContainText(/5030\d+/);
  await shot(page, testInfo, "console-order-refunds");

  // Every payment, by provider.
  await page.goto("/admin/payments?tab=all");
  const payment = (id: string) => page.locator(`[data-testid="payment-row"][data-payment-id="${id}"]`);
  await expect(payment(byAlipay.paymentOrderId).getByTestId("payment-provider")).toHaveText("支付宝");
  await expect(payment(viaDrawer.paymentOrderId).getByTestId("payment-txn")).toHaveText(txn);
  await shot(page, testInfo, "console-payments-all");
  await page.getByTestId("provider-filter").selectOption("alipay");
  await expect(payment(viaDrawer.paymentOrderId)).toHaveCount(0);
  await expect(payment(byAlipay.paymentOrderId)).toBeVisible();
  expect(new Set(await page.getByTestId("payment-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-provider"))))).toEqual(new Set(["alipay"]));

  // Refunds by status: the unsent one is pending; finance asks WeChat Pay now, and it is settled once.
  await page.getByRole("tab", { name: "渠道退款" }).click();
  await page.getByTestId("refund-status-filter").selectOption("pending");
  const pending = page.locator(`[data-testid="provider-refund"][data-refund-id="${unsentRefund}"]`);
  await expect(pending.getByTestId("refund-status")).toHaveText("待发送");
  await shot(page, testInfo, "console-refunds-pending");
  await pending.getByTestId("refund-ask").dblclick();
  await expect(page.getByText("渠道已答复：已退回")).toBeVisible();
  await expect(pending).toHaveCount(0);
  await page.getByTestId("refund-status-filter").selectOption("");
  await expect(pending.getByTestId("refund-status")).toHaveText("已退回");
  await shot(page, testInfo, "console-refunds-all");
  expect(await one<{ status: string; n: string }>(sql`SELECT status, (SELECT count(*) FROM ledger_entries WHERE idempotency_key = ${`gateway-refund:${unsentRefund}:paid`}) AS n FROM gateway_refunds WHERE id = ${unsentRefund}`)).toEqual({ status: "succeeded", n: "1" });
  expect(Number((await one<{ n: string }>(sql`SELECT count(*) AS n FROM audit_log WHERE target_id = ${unsentRefund} AND action = 'gateway_refund.query'`)).n)).toBeGreaterThanOrEqual(1);

  // In English, the same view.
  const en = await consolePage(browser, DEMO.owner, "en");
  await en.context().addCookies([{ name: "NEXT_LOCALE", value: "en", url: baseURL! }]);
  await en.goto("/admin/payments?tab=refunds");
  await expect(en.getByRole("tab", { name: "Provider refunds" })).toHaveAttribute("aria-selected", "true");
  await expect(en.locator(`[data-testid="provider-refund"][data-refund-id="${unsentRefund}"]`).getByTestId("refund-status")).toHaveText("Refunded");
  await shot(en, testInfo, "console-refunds-en");
  await en.context().close();

  // Operators do not see payments.
  const operator = await consolePage(browser, DEMO.operator);
  await operator.goto("/admin/payments?tab=refunds");
  await expect(operator.getByTestId("provider-refund")).toHaveCount(0);
  await expect(operator.getByText("没有权限")).toBeVisible();
  await operator.context().close();
});
