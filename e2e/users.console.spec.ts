import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO, maskPhone, signInThroughForm } from "./helpers/accounts";
import { newPhone, signUpFresh, topUpThroughSandbox } from "./helpers/group-draw";
import { shot } from "./helpers/screens";

const CONSOLE = { viewport: { width: 1440, height: 900 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" } as const;
const FREEZE_REASON = "疑似盗号，等待本人核实";
const ADJUST_REASON = "客服补偿：11月订单延误";

async function consolePage(browser: Browser, baseURL: string | undefined, phone: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, ...CONSOLE });
  const page = await context.newPage();
  await signInThroughForm(page, phone, { path: "/admin/login" });
  await page.waitForURL("**/admin");
  return page;
}

test("operator tour: search, detail, freeze refuses the shopper's join with the reason, unfreeze; finance adjusts; the audit log finds it", async ({ page, browser, baseURL }, testInfo) => {
  test.setTimeout(420_000);
  // A fresh shopper with ¥100.00 of cash, in a phone of their own.
  const shopper = await newPhone(browser, baseURL);
  const phone = await signUpFresh(shopper.page);
  await topUpThroughSandbox(shopper.page, 100);

  // The operator finds them by number and opens their page.
  await signInThroughForm(page, DEMO.operator, { path: "/admin/login" });
  await page.waitForURL("**/admin");
  await page.getByRole("navigation").getByRole("link", { name: "用户", exact: true }).click();
  await page.getByPlaceholder("手机号 / 用户ID / 邀请码 / 昵称").fill(phone);
  await page.getByRole("button", { name: "搜索" }).click();
  await expect(page.getByTestId("user-row")).toHaveCount(1);
  await expect(page.getByTestId("user-row")).toContainText(maskPhone(phone));
  await shot(page, testInfo, "users-01-search");
  await page.getByTestId("user-row").click();
  await page.waitForURL(/\/admin\/users\/[0-9a-f-]{36}$/);
  const userId = page.url().split("/").pop()!;
  await expect(page.getByTestId("balance-cash")).toContainText("¥100.00");
  await expect(page.getByText("直接注册")).toBeVisible();
  await expect(page.getByTestId("ledger-row").first()).toContainText("充值");
  // Finance's action is not offered to an operator.
  await expect(page.getByRole("button", { name: "人工调整" })).toHaveCount(0);
  await shot(page, testInfo, "users-02-detail");

  // Freeze: the reason is required.
  await page.getByRole("button", { name: "冻结账户" }).click();
  const dialog = page.getByRole("alertdialog");
  await dialog.getByRole("button", { name: "冻结账户" }).click();
  await expect(dialog.getByText("请填写原因（至少 2 个字）")).toBeVisible();
  await dialog.getByLabel("原因（必填，用户可见）").fill(FREEZE_REASON);
  await shot(page, testInfo, "users-03-freeze-dialog");
  await dialog.getByRole("button", { name: "冻结账户" }).click();
  await expect(page.getByTestId("frozen-banner")).toContainText(FREEZE_REASON);
  await shot(page, testInfo, "users-04-frozen");

  // The shopper still sees their money, with the reason; their join is refused with it.
  await shopper.page.goto("/me");
  await expect(shopper.page.getByTestId("frozen-banner")).toContainText(FREEZE_REASON);
  await shot(shopper.page, testInfo, "users-05-shopper-me-frozen");
  await shopper.page.goto("/wallet");
  await expect(shopper.page.getByTestId("frozen-banner")).toBeVisible();
  await expect(shopper.page.getByTestId("balance-cash")).toContainText("¥100.00");
  await shopper.page.goto("/");
  await shopper.page.getByTestId("activity-card").first().getByRole("link", { name: "立即参团" }).click();
  await shopper.page.waitForURL(/\/activities\/[0-9a-f-]{36}$/);
  const roomUrl = shopper.page.url();
  await shopper.page.getByTestId("join-button").click();
  const sheet = shopper.page.getByRole("dialog", { name: "确认参团" });
  await sheet.getByTestId("confirm-join").click();
  await expect(sheet.getByTestId("join-error")).toContainText(`账户已冻结（原因：${FREEZE_REASON}）`);
  await shot(shopper.page, testInfo, "users-06-shopper-join-refused");
  await shopper.page.goto("/wallet");
  await expect(shopper.page.getByTestId("balance-cash")).toContainText("¥100.00");

  // Unfreeze; the same join now goes through.
  await page.getByRole("button", { name: "解冻账户" }).click();
  await page.getByRole("alertdialog").getByLabel("原因（必填，用户可见）").fill("已核实本人身份");
  await page.getByRole("alertdialog").getByRole("button", { name: "解冻账户" }).click();
  await expect(page.getByTestId("frozen-banner")).toHaveCount(0);
  await shopper.page.goto(roomUrl);
  await shopper.page.getByTestId("join-button").click();
  await shopper.page.getByRole("dialog", { name: "确认参团" }).getByTestId("confirm-join").click();
  await expect(shopper.page.getByRole("dialog", { name: "确认参团" })).toBeHidden();

  // Finance adjusts the cash with a reason; the dialog shows the balance before and after.
  const finance = await consolePage(browser, baseURL, DEMO.finance);
  await finance.goto(`/admin/users/${userId}`);
  const cashBefore = (await finance.getByTestId("balance-cash").innerText()).match(/¥[\d,.]+/)![0];
  await finance.getByRole("button", { name: "人工调整" }).click();
  const adjust = finance.getByRole("alertdialog");
  await adjust.getByLabel("调整金额（元，负数为扣减）").fill("-1000");
  await adjust.getByLabel("调整原因（必填，会显示在用户账单中）").fill(ADJUST_REASON);
  await adjust.getByRole("button", { name: "下一步" }).click();
  await expect(adjust.getByText(/扣减超过当前余额/)).toBeVisible();
  await adjust.getByLabel("调整金额（元，负数为扣减）").fill("12.34");
  await adjust.getByRole("button", { name: "下一步" }).click();
  await expect(adjust.getByTestId("adjust-summary")).toContainText(cashBefore);
  await shot(finance, testInfo, "users-07-adjust-confirm");
  await adjust.getByRole("button", { name: "确认调整" }).click();
  await expect(adjust).toBeHidden();
  await expect(finance.getByTestId("ledger-row").first()).toContainText(ADJUST_REASON);
  await expect(finance.getByTestId("ledger-row").first()).toContainText("+¥12.34");
  await shot(finance, testInfo, "users-08-adjusted");

  // The shopper sees it in their history, with the reason.
  await shopper.page.goto("/wallet");
  await expect(shopper.page.getByTestId("history-line").first()).toContainText("人工调整（增加）");
  await expect(shopper.page.getByTestId("history-note").first()).toHaveText(ADJUST_REASON);
  await shot(shopper.page, testInfo, "users-09-shopper-history");

  // The owner filters the audit log to that adjustment and opens it.
  const owner = await consolePage(browser, baseURL, DEMO.owner);
  await owner.getByRole("navigation").getByRole("link", { name: "审计日志" }).click();
  await owner.getByLabel("操作", { exact: true }).selectOption({ label: "人工调整余额" });
  await owner.getByLabel("对象 ID").fill(userId);
  await owner.getByRole("button", { name: "查询" }).click();
  await expect(owner.getByTestId("audit-row")).toHaveCount(1);
  await expect(owner.getByTestId("audit-row")).toContainText("人工调整余额");
  await shot(owner, testInfo, "users-10-audit-filtered");
  await owner.getByTestId("audit-row").click();
  const detail = owner.getByTestId("audit-detail");
  await expect(detail).toContainText(ADJUST_REASON);
  await expect(detail).toContainText('"amount": 1234');
  await shot(owner, testInfo, "users-11-audit-detail");
  await owner.keyboard.press("Escape");

  // The export of the same filter: BOM, header, the one row, Chinese intact.
  const href = await owner.getByTestId("audit-export").getAttribute("href");
  const res = await owner.request.get(href!);
  expect(res.headers()["content-type"]).toContain("text/csv");
  const body = await res.body();
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = body.toString("utf8").slice(1).trim().split("\r\n");
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain("user.adjust");
  expect(lines[1]).toContain(ADJUST_REASON);
  // Not for an operator.
  expect((await page.request.get(href!)).status()).toBe(403);

  // The same pages in English.
  for (const p of [owner, shopper.page]) await p.context().addCookies([{ name: "NEXT_LOCALE", value: "en", url: baseURL! }]);
  await owner.goto(`/admin/users/${userId}`);
  await expect(owner.getByRole("button", { name: "Freeze account" })).toBeVisible();
  await expect(owner.getByText("Direct sign-up")).toBeVisible();
  await shot(owner, testInfo, "users-12-detail-en");
  await owner.getByRole("button", { name: "Freeze account" }).click();
  await owner.getByRole("alertdialog").getByLabel("Reason (required, shown to the user)").fill("Chargeback under review");
  await owner.getByRole("alertdialog").getByRole("button", { name: "Freeze account" }).click();
  await expect(owner.getByTestId("frozen-banner")).toContainText("Chargeback under review");
  await shot(owner, testInfo, "users-13-frozen-en");
  await shopper.page.goto("/me");
  await expect(shopper.page.getByTestId("frozen-banner")).toContainText("Your account is frozen");
  await shot(shopper.page, testInfo, "users-14-shopper-me-frozen-en");
  await owner.goto("/admin/audit");
  await expect(owner.getByTestId("audit-row").first()).toContainText("Froze user");
  await shot(owner, testInfo, "users-15-audit-en");
  await owner.goto(`/admin/users/${userId}`);
  await owner.getByRole("button", { name: "Unfreeze account" }).click();
  await owner.getByRole("alertdialog").getByLabel("Reason (required, shown to the user)").fill("Resolved");
  await owner.getByRole("alertdialog").getByRole("button", { name: "Unfreeze account" }).click();
  await expect(owner.getByTestId("frozen-banner")).toHaveCount(0);
});
