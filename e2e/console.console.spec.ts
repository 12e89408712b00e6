import { expect, test } from "@playwright/test";
import { sql } from "drizzle-orm";
import { createDb } from "../db/client";
import { formatFen } from "../components/money/format-fen";
import { DEMO, signInThroughForm } from "./helpers/accounts";

/** A shopper's cash balance from the e2e server's ledger, as the console formats it. */
async function cashOf(phone: string): Promise<string> {
  const handle = createDb(process.env.E2E_DATABASE_URL ?? "", { max: 1 });
  try {
    const [row] = await handle.db.execute<{ balance: string }>(sql`SELECT a.balance FROM ledger_accounts a JOIN users u ON u.id = a.user_id WHERE u.phone = ${phone} AND a.asset = 'cash'`);
    return formatFen(Number(row?.balance ?? 0));
  } finally {
    await handle.close();
  }
}
import { shot } from "./helpers/screens";

test("a shopper account cannot sign in to the console", async ({ page }, testInfo) => {
  await signInThroughForm(page, DEMO.liLei, { path: "/admin/login" });
  await expect(page.getByText("没有权限：该账号不是运营后台账号")).toBeVisible();
  await expect(page).toHaveURL(/\/admin\/login/);
  await shot(page, testInfo, "console-01-shopper-refused");
});

test("an operator sees only their areas; others are refused in words", async ({ page }, testInfo) => {
  await signInThroughForm(page, DEMO.operator, { path: "/admin/login" });
  await page.waitForURL("**/admin");
  const nav = page.getByRole("navigation");
  await expect(nav.getByRole("link", { name: "用户", exact: true })).toBeVisible();
  await expect(nav.getByRole("link", { name: "提现审核" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "审计日志" })).toHaveCount(0);
  await expect(nav.getByText("活动")).toBeVisible();

  await page.goto("/admin/withdrawals");
  await expect(page.getByText("没有权限", { exact: true })).toBeVisible();
  await shot(page, testInfo, "console-02-operator-forbidden");

  await page.goto("/admin/settings");
  await expect(page.getByText("你的角色只能查看设置，仅店主可以修改。")).toBeVisible();
  await expect(page.getByRole("button", { name: "保存" })).toHaveCount(0);
});

test("owner: user page with balances and ledger, settings with inline validation, audit log", async ({ page }, testInfo) => {
  await signInThroughForm(page, DEMO.owner, { path: "/admin/login" });
  await page.waitForURL("**/admin");

  const nav = page.getByRole("navigation");
  await nav.getByRole("link", { name: "用户", exact: true }).click();
  await page.getByPlaceholder("手机号 / 用户ID / 邀请码 / 昵称").fill("王芳");
  await page.getByRole("button", { name: "搜索" }).click();
  await page.getByRole("cell", { name: "王芳" }).click();
  await page.waitForURL(/\/admin\/users\/[0-9a-f-]{36}$/);
  // Her cash as the ledger has it now (specs before this one may have paid her referral rewards).
  await expect(page.getByTestId("balance-cash")).toContainText(await cashOf(DEMO.wangFang));
  // The opening balance is her oldest entry: on the ledger's last page (how many pages depends on
  // the draws of the specs before this one).
  const nextPage = page.getByRole("button", { name: "下一页" });
  // The pager knows whether there is a next page only once the first page has come.
  await expect(page.getByTestId("ledger-row").first()).toBeVisible();
  while (await nextPage.isEnabled()) {
    const first = await page.getByTestId("ledger-row").first().textContent();
    await nextPage.click();
    await expect(page.getByTestId("ledger-row").first()).not.toHaveText(first ?? "");
  }
  await expect(page.getByTestId("ledger-row").last()).toContainText("初始余额");
  await shot(page, testInfo, "console-03-user-detail");

  await nav.getByRole("link", { name: "平台设置" }).click();
  const voucherZh = page.getByTestId("name-voucher-zh-CN");
  await voucherZh.fill("");
  await page.getByRole("button", { name: "保存" }).first().click();
  await expect(page.getByText("请填写名称")).toBeVisible();
  const minWithdrawal = page.getByTestId("limit-withdrawalMinFen");
  await minWithdrawal.fill("0.5");
  await page.getByRole("button", { name: "保存" }).nth(1).click();
  await expect(page.getByText("须在 ¥1.00 – ¥100,000.00 之间")).toBeVisible();
  await shot(page, testInfo, "console-04-settings-invalid");

  // A real change, recorded in the audit log with before and after, then put back.
  await voucherZh.fill("购物券");
  await minWithdrawal.fill("10.00");
  const topupMax = page.getByTestId("limit-topupMaxFen");
  const original = await topupMax.inputValue();
  await topupMax.fill("40000");
  await page.getByRole("button", { name: "保存" }).nth(1).click();
  await expect(page.getByText("已保存")).toBeVisible();
  await nav.getByRole("link", { name: "审计日志" }).click();
  const latest = page.getByRole("row").nth(1);
  await expect(latest).toContainText("修改设置");
  await expect(latest).toContainText('"topupMaxFen":4000000');
  await shot(page, testInfo, "console-05-audit-log");

  await nav.getByRole("link", { name: "平台设置" }).click();
  await page.getByTestId("limit-topupMaxFen").fill(original);
  // The first save's toast must be gone, or it would answer for this one.
  await expect(page.getByText("已保存")).toHaveCount(0, { timeout: 8_000 });
  await page.getByRole("button", { name: "保存" }).nth(1).click();
  await expect(page.getByText("已保存")).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("limit-topupMaxFen")).toHaveValue(original);
});
