import { expect, test } from "@playwright/test";
import { DEMO, freshPhone, maskPhone, signInThroughForm } from "./helpers/accounts";
import { enterTextedCode } from "./helpers/sms";
import { shot } from "./helpers/screens";

test("referred sign-up, sandbox top-up, withdrawal, finance approval", async ({ page, browser, baseURL }, testInfo) => {
  test.setTimeout(120_000);

  // 王芳's invitation code, from her 我的 page.
  await signInThroughForm(page, DEMO.wangFang);
  await page.waitForURL("**/me");
  const code = (await page.getByTestId("referral-code").innerText()).trim();
  expect(code).toMatch(/^[A-Z0-9]{4,16}$/);
  await expect(page.getByTestId("invite-link")).toContainText(`/r/${code}`);
  await shot(page, testInfo, "01-inviter-me");
  await page.getByRole("button", { name: "退出登录" }).click();
  await page.waitForURL("**/login");

  // A new shopper signs up through the link and lands on 我的, signed in, with 王芳 as referrer.
  const phone = freshPhone();
  await page.goto(`/r/${code}`);
  await expect(page.getByTestId("inviter")).toHaveText("王* 邀请你加入");
  await page.getByLabel("手机号").fill(phone);
  await enterTextedCode(page, phone);
  await page.getByLabel("密码", { exact: true }).fill("pinpin2024");
  await expect(page.getByLabel("邀请码（选填）")).toHaveValue(code);
  await shot(page, testInfo, "02-invite-signup");
  await page.getByRole("button", { name: "注册并登录" }).click();
  await page.waitForURL("**/me");
  await expect(page.getByText("我的邀请人：王芳")).toBeVisible();
  await shot(page, testInfo, "03-new-shopper-me");

  // Top up ¥200.00 through the sandbox gateway's cashier.
  await page.goto("/wallet");
  await expect(page.getByTestId("balance-cash")).toContainText("¥0.00");
  await page.getByRole("link", { name: "充值" }).click();
  await page.waitForURL("**/wallet/topup");
  await page.getByLabel("充值金额（元）").fill("200");
  await page.getByRole("button", { name: "去支付 ¥200.00" }).click();
  await page.waitForURL(/\/pay\/sandbox\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("sandbox-badge")).toHaveText("沙箱支付 Sandbox gateway");
  await expect(page.getByTestId("pay-amount")).toHaveText("¥200.00");
  await shot(page, testInfo, "04-sandbox-cashier");
  await page.getByRole("button", { name: "确认支付" }).click();
  await page.waitForURL("**/wallet", { timeout: 30_000 });
  await expect(page.getByText("充值成功，¥200.00 已到账")).toBeVisible();
  await expect(page.getByTestId("balance-cash")).toContainText("¥200.00");
  const topupLine = page.getByTestId("history-line").filter({ hasText: "充值" }).first();
  await expect(topupLine).toContainText("+¥200.00");
  await shot(page, testInfo, "05-wallet-after-topup");

  // Withdraw ¥150.00: confirmed, then listed as 审核中.
  await page.getByRole("link", { name: "提现" }).click();
  await page.waitForURL("**/wallet/withdraw");
  await expect(page.getByTestId("withdraw-available")).toHaveText("¥200.00");
  await page.getByLabel("提现金额（元）").fill("150");
  await page.getByRole("button", { name: "申请提现" }).click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm).toContainText("确认提现 ¥150.00？");
  await shot(page, testInfo, "06-withdraw-confirm");
  // A double tap sends the form's one idempotency key twice at most: one withdrawal, held once.
  await confirm.getByRole("button", { name: "确认提现" }).dblclick();
  await expect(page.getByTestId("my-withdrawal")).toHaveCount(1);
  const mine = page.getByTestId("my-withdrawal").first();
  await expect(mine).toContainText("¥150.00");
  await expect(mine).toContainText("审核中");
  await expect(page.getByTestId("withdraw-available")).toHaveText("¥50.00");
  await shot(page, testInfo, "07-withdraw-pending");

  // Finance approves it in the console, through the confirmation dialog.
  const consoleContext = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  try {
    const admin = await consoleContext.newPage();
    await signInThroughForm(admin, DEMO.finance, { path: "/admin/login" });
    await admin.waitForURL("**/admin");
    await expect(admin.getByTestId("console-user")).toContainText("财务");
    await shot(admin, testInfo, "08-console-dashboard");
    await admin.getByRole("link", { name: "提现审核" }).click();
    await admin.waitForURL("**/admin/withdrawals");
    const masked = maskPhone(phone);
    const row = admin.locator(`[data-testid="withdrawal-row"][data-phone="${masked}"]`);
    await expect(row).toContainText("¥150.00");
    await row.getByRole("button", { name: "批准" }).click();
    const dialog = admin.getByRole("alertdialog");
    await expect(dialog).toContainText(`批准提现 ¥150.00 给 ${masked}？`);
    await shot(admin, testInfo, "09-console-approve-confirm");
    await dialog.getByRole("button", { name: "确认批准" }).click();
    await expect(admin.getByText(`已批准 ${masked} 的提现 ¥150.00`)).toBeVisible();
    await expect(row).toHaveCount(0);
    await admin.getByRole("tab", { name: "已到账" }).click();
    await expect(row).toContainText("已到账");
    await shot(admin, testInfo, "10-console-approved");
  } finally {
    await consoleContext.close();
  }

  // Back on the phone: the withdrawal has arrived.
  await page.reload();
  await expect(page.getByTestId("my-withdrawal").first()).toContainText("已到账");
  await shot(page, testInfo, "11-withdraw-paid");
  await page.goto("/wallet");
  await expect(page.getByTestId("history-line").filter({ hasText: "提现冻结" }).first()).toContainText("-¥150.00");
  await shot(page, testInfo, "12-wallet-history");
});
