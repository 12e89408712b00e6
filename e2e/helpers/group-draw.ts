import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { DEMO_PASSWORD, signInThroughForm } from "./accounts";
import { PHONE } from "./chromium";
import { enterTextedCode } from "./sms";

/** A phone in its own browser context (its own cookies, so its own session), as the shopper project runs them. */
export async function newPhone(browser: Browser, baseURL: string | undefined): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, ...PHONE, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  return { context, page: await context.newPage() };
}

let phoneSeq = 0;
/** A mobile number no seeded account uses, unique per call (the database may keep earlier runs' users). */
export function uniquePhone(): string {
  phoneSeq += 1;
  return `136${String(Date.now() * 10 + phoneSeq).slice(-8)}`;
}

/** Signs a seeded shopper in; they land on 我的. */
export async function signIn(page: Page, phone: string): Promise<void> {
  await signInThroughForm(page, phone);
  await page.waitForURL("**/me");
}

/** A new shopper through /signup (lands on 我的, signed in). */
export async function signUpFresh(page: Page): Promise<string> {
  const phone = uniquePhone();
  await page.goto("/signup");
  await page.getByLabel("手机号").fill(phone);
  await enterTextedCode(page, phone);
  await page.getByLabel("密码", { exact: true }).fill(`${DEMO_PASSWORD}x`);
  await page.getByRole("button", { name: "注册并登录" }).click();
  await page.waitForURL("**/me");
  return phone;
}

/** Tops up cash through the sandbox cashier, as a shopper would. */
export async function topUpThroughSandbox(page: Page, yuan: number): Promise<void> {
  await page.goto("/wallet/topup");
  await page.getByLabel("充值金额（元）").fill(String(yuan));
  await page.getByRole("button", { name: `去支付 ¥${yuan}.00` }).click();
  await page.waitForURL(/\/pay\/sandbox\/[0-9a-f-]{36}$/);
  await page.getByRole("button", { name: "确认支付" }).click();
  await page.waitForURL("**/wallet", { timeout: 30_000 });
  await expect(page.getByTestId("balance-cash")).toContainText(`¥${yuan}.00`);
}

/** Opens the room, pays from cash through the pay sheet and returns the seat number shown. */
export async function joinThroughRoom(page: Page, roomUrl: string): Promise<void> {
  await page.goto(roomUrl);
  await page.getByTestId("join-button").click();
  const sheet = page.getByRole("dialog", { name: "确认参团" });
  await sheet.getByTestId("confirm-join").click();
  await expect(sheet).toBeHidden();
}
