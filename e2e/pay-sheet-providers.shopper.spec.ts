import { expect, test, type Locator, type Page } from "@playwright/test";
import { sql } from "drizzle-orm";
import { signUpFresh } from "./helpers/group-draw";
import { onDb } from "./helpers/on-db";
import { shot } from "./helpers/screens";

/**
 * The provider choice on the three pay sheets (top-up, join, checkout) at 390×844: every provider a
 * tap target of at least 44 px, the list nested under "pay online" where it is a sub-choice, and
 * WeChat Pay first (and chosen) inside WeChat's browser; the sandbox, then Alipay, then WeChat Pay elsewhere.
 */
const WECHAT_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800323a) NetType/WIFI Language/zh_CN";

const order = (picker: Locator) => picker.getByRole("radio").evaluateAll((els) => els.map((e) => e.getAttribute("data-testid")));

async function checkTargets(picker: Locator): Promise<void> {
  for (const radio of await picker.getByRole("radio").all()) {
    const box = (await radio.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(44);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
  }
}

/** The picker sits inside the "pay online" option's column, indented from its left edge. */
async function expectNestedUnder(picker: Locator, parent: Locator): Promise<void> {
  const p = (await picker.boundingBox())!;
  const m = (await parent.boundingBox())!;
  expect(p.x).toBeGreaterThanOrEqual(m.x + 12);
  expect(p.x + p.width).toBeLessThanOrEqual(m.x + m.width + 0.5);
}

async function openActivity(): Promise<string> {
  return onDb(async (db) => (await db.execute<{ id: string }>(sql`SELECT id FROM activities WHERE status = 'active' ORDER BY created_at LIMIT 1`))[0]!.id);
}
async function productId(): Promise<string> {
  return onDb(async (db) => (await db.execute<{ id: string }>(sql`SELECT id FROM products WHERE on_sale AND stock > 0 AND max_per_shopper IS NULL ORDER BY price_fen LIMIT 1`))[0]!.id);
}

async function visitSheets(page: Page, testInfo: Parameters<Parameters<typeof test>[2]>[1], prefix: string, expected: string[]): Promise<void> {
  await signUpFresh(page);
  // Top-up: the picker is the form's own choice.
  await page.goto("/wallet/topup");
  const topup = page.getByTestId("provider-picker");
  await expect(topup.getByRole("radio").first()).toBeVisible();
  expect(await order(topup)).toEqual(expected);
  await expect(topup.getByTestId(expected[0]!)).toHaveAttribute("aria-checked", "true");
  await checkTargets(topup);
  await shot(page, testInfo, `${prefix}-topup`);

  // Join: a sub-choice of "pay online".
  await page.goto(`/activities/${await openActivity()}`);
  await page.getByTestId("join-button").click();
  const sheet = page.getByTestId("pay-sheet");
  await sheet.getByTestId("method-gateway").click();
  const join = sheet.getByTestId("provider-picker");
  expect(await order(join)).toEqual(expected);
  await checkTargets(join);
  await shot(page, testInfo, `${prefix}-join`);
  await expectNestedUnder(join, sheet.getByTestId("method-gateway"));
  await page.keyboard.press("Escape");

  // Checkout: a sub-choice of "pay online" too.
  await page.goto(`/checkout?buy=${await productId()}:1`);
  await page.getByRole("radio", { name: /在线支付/ }).check();
  const checkout = page.getByTestId("provider-picker");
  expect(await order(checkout)).toEqual(expected);
  await checkTargets(checkout);
  await checkout.scrollIntoViewIfNeeded();
  await shot(page, testInfo, `${prefix}-checkout`);
  await expectNestedUnder(checkout, page.getByTestId("pay-with-gateway"));
}

test("pay sheets in an ordinary mobile browser: sandbox, Alipay, WeChat Pay, each ≥ 44 px", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await visitSheets(page, testInfo, "pay-sheet", ["provider-sandbox", "provider-alipay", "provider-wechatpay"]);
});

test("pay sheets inside WeChat's browser: WeChat Pay first and chosen", async ({ browser, baseURL }, testInfo) => {
  test.setTimeout(120_000);
  const ctx = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "zh-CN", timezoneId: "Asia/Shanghai", userAgent: WECHAT_UA });
  const page = await ctx.newPage();
  await visitSheets(page, testInfo, "pay-sheet-wechat", ["provider-wechatpay", "provider-alipay", "provider-sandbox"]);
  await ctx.close();
});
