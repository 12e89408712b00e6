import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, signInThroughForm } from "./helpers/accounts";

/** Screenshots for people to look at, under test-results/store/ (git-ignored). */
async function snap(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: path.join("test-results", "store", `${name}.png`) });
}

test("browse → cart → checkout with a voucher → operator ships → shopper confirms receipt", async ({ browser }) => {
  test.setTimeout(180_000);
  const shopperCtx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  const consoleCtx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  const shopper = await shopperCtx.newPage();
  const ops = await consoleCtx.newPage();

  // Browse the store as 王芳 (seeded with ¥500 cash and ¥50 in vouchers).
  await signInThroughForm(shopper, DEMO.wangFang);
  await shopper.waitForURL("**/me");
  await shopper.goto("/store");
  await expect(shopper.getByTestId("product-card").first()).toBeVisible();
  await snap(shopper, "01-store");
  await shopper.getByRole("search").getByRole("textbox").fill("保温杯");
  await shopper.keyboard.press("Enter");
  await shopper.waitForURL(/q=/);
  await expect(shopper.getByTestId("product-card")).toHaveCount(1);
  await shopper.getByTestId("product-card").click();
  await shopper.waitForURL(/\/store\/products\//);
  await expect(shopper.getByTestId("product-price")).toHaveText("¥49.00");
  await snap(shopper, "02-product");

  // Two into the cart; the cart prices them on the server.
  await shopper.getByRole("button", { name: "增加" }).click();
  await shopper.getByRole("button", { name: "加入购物车" }).click();
  await expect(shopper.getByTestId("cart-count")).toHaveText("2");
  await shopper.getByTestId("cart-link").click();
  await shopper.waitForURL("**/cart");
  await expect(shopper.getByTestId("cart-line")).toHaveCount(1);
  await expect(shopper.getByTestId("cart-total")).toHaveText("¥98.00");
  await snap(shopper, "03-cart");
  await shopper.getByRole("button", { name: /去结算/ }).click();
  await shopper.waitForURL("**/checkout");

  // Checkout: add an address, use ¥10.00 of the vouchers, pay the rest from cash.
  await shopper.getByTestId("address-picker").click();
  const sheet = shopper.getByRole("dialog");
  await sheet.getByLabel("收货人").fill("王芳");
  await sheet.getByLabel("手机号").fill("13800000001");
  await sheet.getByLabel("所在地区").fill("上海市 浦东新区");
  await sheet.getByLabel("详细地址").fill("世纪大道 100 号");
  await sheet.getByRole("button", { name: "保存" }).click();
  await expect(shopper.getByTestId("address-picker")).toContainText("世纪大道 100 号");
  await expect(shopper.getByTestId("voucher-input")).toHaveValue("50.00");
  await shopper.getByTestId("voucher-input").fill("10");
  await expect(shopper.getByTestId("pay-total")).toHaveText("¥88.00");
  await snap(shopper, "04-checkout");
  await shopper.getByTestId("place-order").click();
  await shopper.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
  const orderId = shopper.url().split("/").pop()!;
  await expect(shopper.getByTestId("order-status-title")).toHaveText("待发货");
  await expect(shopper.getByText("获得 88 商城积分")).toBeVisible();
  await snap(shopper, "05-order-paid");

  // The operator finds it in the console and ships it with a carrier and tracking number.
  await signInThroughForm(ops, DEMO.operator, { path: "/admin/login" });
  await ops.waitForURL(/\/admin$/);
  await ops.goto("/admin/orders");
  const row = ops.locator(`[data-testid="order-row"][data-order-id="${orderId}"]`);
  await expect(row).toContainText("真空保温杯 500ml×2");
  await expect(row).toContainText("¥98.00");
  await snap(ops, "06-console-orders");
  await row.getByRole("button", { name: "订单详情" }).click();
  const drawer = ops.getByRole("dialog");
  await expect(drawer).toContainText("现金 ¥88.00 · 购物券 ¥10.00");
  await drawer.getByLabel("快递公司").fill("顺丰速运");
  await drawer.getByLabel("运单号").fill("x");
  await drawer.getByTestId("ship-order").click();
  // The malformed tracking number is named at its field, by its rule.
  await expect(drawer.getByLabel("运单号")).toHaveAttribute("aria-invalid", "true");
  await expect(drawer.getByRole("alert")).toHaveText("运单号为 6–40 位字母、数字或短横线");
  await drawer.getByLabel("运单号").fill("SF1234567890");
  await drawer.getByTestId("ship-order").click();
  await expect(drawer.getByTestId("order-status")).toHaveText("已发货");
  await snap(ops, "07-console-shipped");
  await ops.goto("/admin/products");
  await expect(ops.getByTestId("product-row")).toHaveCount(6);
  await snap(ops, "11-console-products");
  await ops.goto("/admin/mall");
  await expect(ops.getByRole("table")).toContainText("真空保温杯 500ml");
  await snap(ops, "12-console-mall");

  // The shopper sees it shipped and confirms receipt; the timeline shows every step.
  await shopper.reload();
  await expect(shopper.getByTestId("order-status-title")).toHaveText("已发货");
  await expect(shopper.getByText("顺丰速运 SF1234567890")).toBeVisible();
  await shopper.getByTestId("confirm-receipt").click();
  await shopper.getByTestId("confirm-dialog-ok").click();
  await expect(shopper.getByTestId("order-status-title")).toHaveText("已完成");
  await expect(shopper.getByTestId("timeline").locator("li")).toHaveCount(4);
  await snap(shopper, "08-order-received");
  await shopper.goto("/orders");
  await expect(shopper.getByTestId("order-card").first()).toContainText("已完成");
  await snap(shopper, "09-orders");
  await shopper.goto("/mall");
  await expect(shopper.getByTestId("mall-item")).toHaveCount(2);
  await snap(shopper, "10-mall");

  await shopperCtx.close();
  await consoleCtx.close();
});

test("buy now through the sandbox gateway: the order is paid when the capture webhook lands", async ({ browser }) => {
  test.setTimeout(120_000);
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  const page = await ctx.newPage();
  await signInThroughForm(page, DEMO.zhangWei);
  await page.waitForURL("**/me");
  await page.goto("/store?q=手环");
  await page.getByTestId("product-card").click();
  await page.getByRole("button", { name: "立即购买" }).click();
  await page.waitForURL(/\/checkout\?buy=/);
  await page.getByTestId("address-picker").click();
  const sheet = page.getByRole("dialog");
  await sheet.getByLabel("收货人").fill("张伟");
  await sheet.getByLabel("手机号").fill("13800000004");
  await sheet.getByLabel("所在地区").fill("北京市 朝阳区");
  await sheet.getByLabel("详细地址").fill("建国路 88 号");
  await sheet.getByRole("button", { name: "保存" }).click();
  await expect(page.getByTestId("address-picker")).toContainText("建国路 88 号");
  await page.getByRole("radio", { name: "在线支付" }).check();
  await expect(page.getByTestId("pay-total")).toHaveText("¥159.00");
  await page.getByTestId("place-order").click();
  await page.waitForURL(/\/pay\/sandbox\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("pay-amount")).toHaveText("¥159.00");
  await snap(page, "13-sandbox-cashier");
  await page.getByRole("button", { name: "确认支付" }).click();
  await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  await expect(page.getByTestId("order-status-title")).toHaveText("待发货");
  await expect(page.getByText("支付成功，已付 ¥159.00")).toBeVisible();
  await expect(page.getByText("在线支付")).toBeVisible();
  await snap(page, "14-gateway-order-paid");
  await ctx.close();
});
