import { randomUUID } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { sql } from "drizzle-orm";
import { createDb, type Db } from "../db/client";
import { systemClock } from "../server/domain/shared/clock";
import { saveAddress } from "../server/domain/store/addresses";
import { placeOrder } from "../server/domain/store/place-order";
import { sendSandboxNotification } from "../server/payments/sandbox-gateway";
import { DEMO, signInThroughForm } from "./helpers/accounts";
import { shot } from "./helpers/screens";

/**
 * Operators' console, 1440×900: payments held for review resolved by finance (credit, refund,
 * dismiss; once, whoever clicks), vouchers granted to a shopper picked by name or number, the order
 * drawer showing carrier and tracking once shipped, and chart axes in the reader's locale.
 */
test.describe.configure({ mode: "serial" });

let handle: ReturnType<typeof createDb>;
let db: Db;
test.beforeAll(() => {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set");
  handle = createDb(url, { max: 2 });
  db = handle.db;
});
test.afterAll(async () => {
  await handle.close();
});

const one = async <T extends Record<string, unknown>>(q: ReturnType<typeof sql>) => (await db.execute<T>(q))[0]!;
const userId = async (phone: string) => (await one<{ id: string }>(sql`SELECT id FROM users WHERE phone = ${phone}`)).id;
const balance = async (id: string, asset: string) => Number((await db.execute<{ balance: string }>(sql`SELECT balance FROM ledger_accounts WHERE user_id = ${id} AND asset = ${asset}`))[0]?.balance ?? 0);

/** A top-up order of `amountFen` whose capture the gateway reports as `reported` `currency`: held for review. */
async function heldPayment(baseURL: string, user: string, amountFen: number, reported: number, currency = "CNY"): Promise<string> {
  const { id } = await one<{ id: string }>(sql`INSERT INTO payment_orders (user_id, purpose, amount_fen, created_at) VALUES (${user}, 'topup', ${amountFen}, now()) RETURNING id`);
  const res = await sendSandboxNotification(`${baseURL}/api/webhooks/gateway`, process.env.GATEWAY_WEBHOOK_SECRET!, { type: "payment.captured", orderId: id, amountFen: reported, currency }, new Date());
  expect(res.body).toMatchObject({ outcome: "review" });
  return id;
}

async function consolePage(browser: Browser, phone: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  const page = await context.newPage();
  await signInThroughForm(page, phone, { path: "/admin/login" });
  await page.waitForURL("**/admin");
  return page;
}

const row = (page: Page, id: string) => page.locator(`[data-testid="held-payment"][data-payment-id="${id}"]`);

test("finance resolves held payments: reasons in words and yuan; credit, refund, dismiss, each once with a reason", async ({ page, browser, baseURL }, testInfo) => {
  test.setTimeout(120_000);
  const zhang = await userId(DEMO.zhangWei);
  const credit = await heldPayment(baseURL!, zhang, 5_000, 4_000);
  const refund = await heldPayment(baseURL!, zhang, 5_000, 6_000);
  const dismiss = await heldPayment(baseURL!, zhang, 5_000, -1_600);
  const contested = await heldPayment(baseURL!, zhang, 8_000, 1_100, "USD");
  const cashBefore = await balance(zhang, "cash");

  await signInThroughForm(page, DEMO.finance, { path: "/admin/login" });
  await page.waitForURL("**/admin");
  await page.goto("/admin/payments");
  await expect(row(page, credit)).toContainText("网关报告金额 ¥40.00，与订单金额 ¥50.00 不符");
  await expect(row(page, dismiss)).toContainText("网关报告金额 -¥16.00，与订单金额 ¥50.00 不符");
  await expect(row(page, contested)).toContainText("网关报告 USD 11.00，币种与订单不符（订单为 ¥80.00）");
  await expect(row(page, dismiss).getByTestId("held-refund")).toBeDisabled();
  await shot(page, testInfo, "console-held-payments");

  // Credit: the dialog says what it does; no reason, no action; a double click credits once.
  await row(page, credit).getByTestId("held-credit").click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("按已付入账 ¥50.00？");
  await expect(dialog.getByTestId("held-effect")).toHaveText("¥50.00 计入 张伟 138****0004 的零钱，作为这笔充值。");
  await dialog.getByTestId("held-confirm").click();
  await expect(dialog).toContainText("请填写原因（至少 2 个字）");
  await dialog.getByLabel("原因（必填，记入审计）").fill("已与网关核对，实收 ¥50.00");
  await shot(page, testInfo, "console-held-payment-credit");
  await dialog.getByTestId("held-confirm").dblclick();
  await expect(page.getByText("已入账零钱").first()).toBeVisible();
  await expect(row(page, credit)).toHaveCount(0);
  expect(await balance(zhang, "cash")).toBe(cashBefore + 5_000);
  expect((await one<{ n: string }>(sql`SELECT count(*) AS n FROM held_payment_actions WHERE payment_order_id = ${credit}`)).n).toBe("1");
  expect((await one<{ n: string }>(sql`SELECT count(*) AS n FROM audit_log WHERE target_id = ${credit} AND action = 'payment.credit'`)).n).toBe("1");

  // Refund: the reported ¥60.00 back through the gateway; no balance moves.
  await row(page, refund).getByTestId("held-refund").click();
  await expect(dialog).toContainText("退款 ¥60.00 给付款人？");
  await dialog.getByLabel("原因（必填，记入审计）").fill("多收 ¥10.00，全额退回");
  await dialog.getByTestId("held-confirm").click();
  await expect(row(page, refund)).toHaveCount(0);

  // Dismiss: a report of no real money.
  await row(page, dismiss).getByTestId("held-dismiss").click();
  await dialog.getByLabel("原因（必填，记入审计）").fill("网关误报负数金额");
  await dialog.getByTestId("held-confirm").click();
  await expect(row(page, dismiss)).toHaveCount(0);
  expect(await balance(zhang, "cash")).toBe(cashBefore + 5_000);

  // Two finance users on one payment at once: one decision applies, the other is told.
  const owner = await consolePage(browser, DEMO.owner);
  await owner.goto("/admin/payments");
  await page.reload();
  for (const [p, action] of [
    [page, "held-credit"],
    [owner, "held-refund"],
  ] as const) {
    await row(p, contested).getByTestId(action).click();
    await p.getByRole("alertdialog").getByLabel("原因（必填，记入审计）").fill("同时处理");
  }
  await Promise.all([page.getByRole("alertdialog").getByTestId("held-confirm").click(), owner.getByRole("alertdialog").getByTestId("held-confirm").click()]);
  // One dialog closes on its decision; the other stays open and says someone else decided.
  const state = async (p: Page) => {
    const d = p.getByRole("alertdialog");
    if ((await d.count()) === 0) return "applied";
    return (await d.innerText()).includes("这笔支付已由其他人处理，请刷新查看结果") ? "refused" : "pending";
  };
  await expect.poll(async () => [await state(page), await state(owner)].sort().join(",")).toBe("applied,refused");
  expect((await one<{ n: string }>(sql`SELECT count(*) AS n FROM held_payment_actions WHERE payment_order_id = ${contested}`)).n).toBe("1");
  await owner.context().close();

  // The resolved tab: who decided what, and why.
  await page.keyboard.press("Escape");
  await page.getByRole("tab", { name: "已处理" }).click();
  await expect(row(page, credit).getByTestId("held-payment-decision")).toContainText("已入账零钱");
  await expect(row(page, refund).getByTestId("held-payment-decision")).toContainText("已退款");
  await expect(row(page, refund).getByTestId("held-payment-decision")).toContainText(/退款单号 sbx_rf_/);
  await expect(row(page, dismiss).getByTestId("held-payment-decision")).toContainText("已驳回");
  await shot(page, testInfo, "console-held-payments-resolved");
});

test("a voucher grant picks its shopper by name or number as you type", async ({ page }, testInfo) => {
  // Not 张伟: the store spec pays his order in full through the gateway, so he must hold no voucher.
  const zhao = await userId(DEMO.zhaoMin);
  const before = await balance(zhao, "voucher");
  await signInThroughForm(page, DEMO.finance, { path: "/admin/login" });
  await page.waitForURL("**/admin");
  await page.goto("/admin/mall");
  await page.getByLabel("金额（元）").fill("12.5");
  await page.getByLabel("原因（必填，记入审计）").fill("客服补偿");
  await page.getByRole("button", { name: "发放", exact: true }).click();
  await expect(page.getByText("请先选择用户")).toBeVisible();

  const picker = page.getByTestId("user-picker-input");
  await picker.fill("赵");
  await expect(page.getByRole("option").filter({ hasText: "赵敏" })).toContainText("138****0005");
  await picker.fill("0000000");
  await expect(page.getByRole("option").filter({ hasText: "赵敏" })).toBeVisible();
  await shot(page, testInfo, "console-voucher-grant-picker");
  await page.getByRole("option").filter({ hasText: "赵敏" }).click();
  await expect(page.getByTestId("user-picked")).toContainText("赵敏");
  await expect(page.getByTestId("user-picked")).toContainText("138****0005");

  await page.getByRole("button", { name: "发放", exact: true }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("确定向 赵敏 138****0005 发放 ¥12.50 购物券？");
  await dialog.getByRole("button", { name: "发放", exact: true }).click();
  await expect(page.getByText("已向 赵敏 发放 ¥12.50 购物券")).toBeVisible();
  expect(await balance(zhao, "voucher")).toBe(before + 1_250);
});

test("the order drawer shows carrier and tracking once shipped", async ({ page }, testInfo) => {
  const li = await userId(DEMO.liLei);
  const { id: productId } = await one<{ id: string }>(sql`SELECT id FROM products WHERE on_sale AND stock > 0 AND max_per_shopper IS NULL ORDER BY price_fen LIMIT 1`);
  const orderId = randomUUID();
  await db.transaction(async (tx) => {
    const address = await saveAddress(tx, systemClock, li, { recipient: "李雷", phone: DEMO.liLei, region: "北京市 朝阳区", detail: "建国路 1 号", isDefault: false });
    await placeOrder(tx, systemClock, { userId: li, orderId, lines: [{ productId, quantity: 1 }], addressId: address.id, voucherFen: 0, payWith: "cash" });
  });
  await signInThroughForm(page, DEMO.operator, { path: "/admin/login" });
  await page.waitForURL("**/admin");
  await page.goto("/admin/orders");
  await page.locator(`[data-testid="order-row"][data-order-id="${orderId}"]`).getByRole("button", { name: "订单详情" }).click();
  const drawer = page.getByRole("dialog");
  await expect(drawer.getByTestId("order-shipment")).toHaveCount(0);
  await drawer.getByLabel("快递公司").fill("顺丰速运");
  await drawer.getByLabel("运单号").fill("SF7788990011");
  await drawer.getByTestId("ship-order").click();
  await expect(drawer.getByTestId("order-shipment")).toContainText("顺丰速运");
  await expect(drawer.getByTestId("order-shipment")).toContainText("SF7788990011");
  await shot(page, testInfo, "console-order-drawer-shipped");
});

test("chart axes in English read ¥3.5M, not ¥350万: the activity projection and the dashboard", async ({ page, baseURL }, testInfo) => {
  const { id } = await one<{ id: string }>(sql`SELECT id FROM activities ORDER BY created_at LIMIT 1`);
  await signInThroughForm(page, DEMO.owner, { path: "/admin/login" });
  await page.waitForURL("**/admin");
  await page.context().addCookies([{ name: "NEXT_LOCALE", value: "en", url: baseURL! }]);

  await page.goto(`/admin/activities/${id}`);
  // The projection of a real activity runs to hundreds of thousands of yuan: its axis in K / M.
  const projection = page.getByTestId("projection-chart").getByRole("application");
  await expect(projection).toContainText(/¥\d+(\.\d)?K/);
  await expect(projection).not.toContainText(/[万亿]/);

  await page.goto("/admin");
  const charts = page.getByRole("application");
  await expect(charts.first()).toContainText("¥");
  for (const text of await charts.allTextContents()) expect(text).not.toMatch(/[万亿]/);
  await shot(page, testInfo, "console-dashboard-en");
});
