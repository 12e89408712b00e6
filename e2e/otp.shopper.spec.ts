import { expect, test } from "@playwright/test";
import { DEMO, DEMO_PASSWORD, signInThroughForm } from "./helpers/accounts";
import { uniquePhone } from "./helpers/group-draw";
import { shot } from "./helpers/screens";

/**
 * Proving a number by SMS code (SECURITY.md), with the sandbox provider: the code shows on the local
 * operator's page /dev/sms. Sign-up needs it; a registered number gets the same answer (and its owner
 * a text, not a code); a reset with a code sets a new password and ends the old sessions.
 */
async function codeFromSandboxPage(page: import("@playwright/test").Page, phone: string): Promise<string> {
  const outbox = await page.context().newPage();
  try {
    await outbox.goto("/dev/sms");
    const row = outbox.locator(`[data-testid="sms-row"][data-phone="${phone}"]`).first();
    await expect(row).toContainText("验证码");
    return /\b(\d{6})\b/.exec((await row.textContent()) ?? "")?.[1] ?? "";
  } finally {
    await outbox.close();
  }
}

test("sign-up with the texted code; a registered number is not told apart; a reset ends the old sessions", async ({ page, browser, baseURL }, testInfo) => {
  test.setTimeout(120_000);
  const phone = uniquePhone();
  await page.goto("/signup");
  await page.getByLabel("手机号").fill(phone);
  await page.getByLabel("密码", { exact: true }).fill(`${DEMO_PASSWORD}x`);
  // Without a code the form says what is missing.
  await page.getByRole("button", { name: "注册并登录" }).click();
  await expect(page.getByText("6 位数字").first()).toBeVisible();
  await page.getByRole("button", { name: "获取验证码" }).click();
  await expect(page.getByRole("button", { name: /秒后重发/ })).toBeDisabled();
  await expect(page.getByText("验证码已发送，5 分钟内有效")).toBeVisible();
  await shot(page, testInfo, "otp-01-signup-code-sent");
  // A wrong code is refused in place.
  await page.getByLabel("短信验证码").fill("000000");
  await page.getByRole("button", { name: "注册并登录" }).click();
  const wrong = page.getByText("验证码错误或已失效，请重新获取");
  const code = await codeFromSandboxPage(page, phone);
  if (code !== "000000") await expect(wrong).toBeVisible();
  await page.getByLabel("短信验证码").fill(code);
  await page.getByRole("button", { name: "注册并登录" }).click();
  await page.waitForURL("**/me");

  // A registered number asking for a sign-up code sees exactly what anyone sees.
  const other = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  try {
    const p = await other.newPage();
    await p.goto("/signup");
    await p.getByLabel("手机号").fill(DEMO.zhangWei);
    await p.getByRole("button", { name: "获取验证码" }).click();
    await expect(p.getByText("验证码已发送，5 分钟内有效")).toBeVisible();
  } finally {
    await other.close();
  }

  // Forgot the password: a reset through the code, from another phone; the first phone's session ends.
  // A number gets one text a minute: the server's clock moves past it rather than the test waiting.
  const { now } = (await (await page.request.get("/api/e2e/clock")).json()) as { now: string };
  expect((await page.request.put("/api/e2e/clock", { data: { at: new Date(Date.parse(now) + 61_000).toISOString() } })).ok()).toBe(true);
  const second = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  try {
    const p = await second.newPage();
    await p.goto("/login");
    await p.getByRole("link", { name: "忘记密码？" }).click();
    await p.waitForURL("**/reset-password");
    await p.getByLabel("手机号").fill(phone);
    await p.getByRole("button", { name: "获取验证码" }).click();
    await expect(p.getByText("如该号码已注册，验证码已发送")).toBeVisible();
    await p.getByLabel("短信验证码").fill(await codeFromSandboxPage(p, phone));
    await p.getByLabel("新密码").fill("brandnew2026");
    await shot(p, testInfo, "otp-02-reset");
    await p.getByRole("button", { name: "重设密码并登录" }).click();
    await p.waitForURL("**/me");
  } finally {
    await second.close();
    await page.request.delete("/api/e2e/clock");
  }
  await page.goto("/wallet");
  await expect(page).toHaveURL(/\/login\?next=%2Fwallet$/);
  await signInThroughForm(page, phone, { password: "brandnew2026" });
  await page.waitForURL("**/me");
});
