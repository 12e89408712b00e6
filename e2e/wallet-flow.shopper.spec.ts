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
  // Named masked, as everywhere but their own pages (王芳 → 王*).
  await expect(page.getByText("我的邀请人：王*")).toBeVisible();
  await expect(page.getByText("王芳")).toHaveCount(0);
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

  // Withdraw ¥150.00 to an Alipay account added on the form: a bad account is refused under its field first.
  await page.getByRole("link", { name: "提现" }).click();
  await page.waitForURL("**/wallet/withdraw");
  await expect(page.getByTestId("withdraw-available")).toHaveText("¥200.00");
  await expect(page.getByText("还没有收款账户")).toBeVisible();
  await page.getByLabel("提现金额（元）").fill("150");
  await page.getByRole("button", { name: "申请提现" }).click();
  await expect(page.getByText("请选择收款账户")).toBeVisible();
  await page.getByRole("button", { name: "+ 添加收款账户" }).click();
  const form = page.getByTestId("destination-form");
  await form.getByLabel("支付宝账号").fill("1380013800");
  await form.getByLabel("收款人姓名").fill("韩梅梅");
  await form.getByRole("button", { name: "保存" }).click();
  await expect(form.getByText("支付宝账号须为手机号或邮箱")).toBeVisible();
  await shot(page, testInfo, "06a-destination-error");
  await form.getByLabel("支付宝账号").fill(phone);
  await form.getByRole("button", { name: "保存" }).click();
  await expect(form).toHaveCount(0);
  const maskedAccount = maskPhone(phone);
  const picked = page.getByTestId("destination").first();
  await expect(picked).toContainText(`支付宝 ${maskedAccount}`);
  await expect(picked).toContainText("默认");
  await expect(picked.getByRole("radio")).toHaveAttribute("aria-checked", "true");
  await shot(page, testInfo, "06b-withdraw-with-destination");
  await page.getByRole("button", { name: "申请提现" }).click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm).toContainText("确认提现 ¥150.00？");
  await expect(confirm).toContainText(`将付至 支付宝 ${maskedAccount}（收款人 韩**）`);
  await shot(page, testInfo, "06-withdraw-confirm");
  // A double tap sends the form's one idempotency key twice at most: one withdrawal, held once.
  await confirm.getByRole("button", { name: "确认提现" }).dblclick();
  await expect(page.getByTestId("my-withdrawal")).toHaveCount(1);
  const mine = page.getByTestId("my-withdrawal").first();
  await expect(mine).toContainText("¥150.00");
  await expect(mine).toContainText("审核中");
  await expect(mine).toContainText(`支付宝 ${maskedAccount}`);
  await expect(page.getByTestId("withdraw-available")).toHaveText("¥50.00");
  await shot(page, testInfo, "07-withdraw-pending");

  // Finance approves it in the console, seeing the full account (an audited look) in the confirmation.
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
    await expect(row.getByTestId("masked-account")).toHaveText(`支付宝 ${maskedAccount} · 韩**`);
    await shot(admin, testInfo, "08b-console-withdrawals");
    await row.getByRole("button", { name: "批准" }).click();
    const dialog = admin.getByRole("alertdialog");
    await expect(dialog).toContainText(`批准提现 ¥150.00 给 ${masked}？`);
    await expect(dialog.getByTestId("full-account")).toHaveText(`支付宝 ${phone} · 韩梅梅`);
    await shot(admin, testInfo, "09-console-approve-confirm");
    await dialog.getByRole("button", { name: "确认批准" }).click();
    await expect(admin.getByText(`已批准 ${masked} 的提现 ¥150.00`)).toBeVisible();
    await expect(row).toHaveCount(0);
    await admin.getByRole("tab", { name: "打款中" }).click();
    await expect(row).toContainText("打款中");
    await shot(admin, testInfo, "10-console-approved");

    // The sandbox payout provider's desk (this machine only) confirms it: its signed callback pays it out.
    await admin.goto("/dev/payouts");
    const payout = admin.getByTestId("sandbox-payout").filter({ hasText: maskedAccount }).first();
    await expect(payout).toContainText("¥150.00");
    await payout.getByRole("button", { name: "Paid · 确认到账" }).click();
    await expect(payout).toContainText("succeeded");
    await admin.goto("/admin/withdrawals");
    await admin.getByRole("tab", { name: "已到账" }).click();
    await expect(row).toContainText("已到账");
  } finally {
    await consoleContext.close();
  }

  // Back on the phone: paid, notified, and the payout line in the history.
  await page.reload();
  await expect(page.getByTestId("my-withdrawal").first()).toContainText("已到账");
  await shot(page, testInfo, "11-withdraw-paid");
  await page.goto("/notifications");
  await expect(page.locator('[data-kind="withdrawal.paid"]')).toContainText(`¥150.00 已付至 支付宝 ${maskedAccount}。`);
  await expect(page.locator('[data-kind="withdrawal.approved"]')).toContainText("提现已通过审核");
  await shot(page, testInfo, "11b-notifications");
  await page.goto("/wallet");
  await expect(page.getByTestId("history-line").filter({ hasText: "提现冻结" }).first()).toContainText("-¥150.00");
  const payoutLine = page.getByTestId("history-line").filter({ hasText: `已付至 支付宝 ${maskedAccount}` }).first();
  await expect(payoutLine).toContainText("¥150.00");
  await expect(payoutLine).toContainText("由冻结资金支付，余额不变");
  await expect(page.getByTestId("balance-cash")).toContainText("¥50.00");
  await shot(page, testInfo, "12-wallet-history");
});
