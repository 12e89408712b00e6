import { expect, test, type Page } from "@playwright/test";
import { DEMO } from "./helpers/accounts";
import { fenOf, signInToConsole } from "./helpers/console";
import { shot } from "./helpers/screens";

const SUPPORT = "13900000004";
const FINANCE = "13900000003";

const bars = (page: Page, chart: string) => page.getByTestId(chart).locator(".recharts-bar-rectangle");

test("finance: the dashboard over today, 7 and 30 days and a custom range, liabilities against plan, reconciliation now", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await signInToConsole(page, FINANCE);
  await expect(page.getByRole("heading", { name: "数据概览" })).toBeVisible();
  const tabs = page.getByRole("tablist", { name: "统计区间" });
  await expect(tabs.getByRole("tab", { name: "近 7 天" })).toHaveAttribute("aria-selected", "true");
  const range = page.getByTestId("dashboard-range");
  await expect(range).toContainText("截至");

  // Seven days of the seeded history: money in every headline, bars in every chart.
  const gmv7 = fenOf((await page.getByTestId("kpi-gmv").textContent()) ?? "");
  expect(gmv7).toBeGreaterThan(0);
  await expect(bars(page, "chart-gmv").first()).toBeVisible();
  expect(await bars(page, "chart-gmv").count()).toBeGreaterThanOrEqual(6);
  await expect(bars(page, "chart-rewards").first()).toBeVisible();
  await expect(page.getByTestId("kpi-topups")).toContainText("¥");
  await shot(page, testInfo, "dashboard-01-7d");

  // 30 days covers the 7: more GMV, never less.
  await tabs.getByRole("tab", { name: "近 30 天" }).click();
  await expect(tabs.getByRole("tab", { name: "近 30 天" })).toHaveAttribute("aria-selected", "true");
  await expect.poll(async () => fenOf((await page.getByTestId("kpi-gmv").textContent()) ?? "")).toBeGreaterThanOrEqual(gmv7);
  await expect(range).toContainText(/\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}/);
  await shot(page, testInfo, "dashboard-02-30d");

  // Today: one day, read live from the ledger.
  await tabs.getByRole("tab", { name: "今日" }).click();
  await expect(range).not.toContainText(/\d{4}-\d{2}-\d{2} 至 \d{4}/);
  await expect(page.getByTestId("kpi-gmv")).toContainText("¥");
  const today = ((await range.textContent()) ?? "").slice(0, 10);
  expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);

  // Custom: a backwards range is refused in words; then the three days before today.
  await tabs.getByRole("tab", { name: "自定义" }).click();
  const day = (back: number) => new Date(Date.parse(`${today}T12:00:00Z`) - back * 86_400_000).toISOString().slice(0, 10);
  await page.getByTestId("dashboard-from").fill(day(1));
  await page.getByTestId("dashboard-to").fill(day(3));
  await expect(range).toContainText("开始日期不能晚于结束日期");
  await expect(page.getByRole("button", { name: "查询" })).toBeDisabled();
  await page.getByTestId("dashboard-from").fill(day(3));
  await page.getByTestId("dashboard-to").fill(day(1));
  await page.getByRole("button", { name: "查询" }).click();
  await expect(range).toContainText(`${day(3)} 至 ${day(1)}`);
  await expect.poll(() => bars(page, "chart-gmv").count()).toBeGreaterThanOrEqual(3);
  await shot(page, testInfo, "dashboard-03-custom");

  // Liabilities now, with a trend each, and the plan of the activities beside them.
  const liabilities = page.getByTestId("dashboard-liabilities");
  await liabilities.scrollIntoViewIfNeeded();
  await expect(page.getByTestId("liability-credit")).toContainText("¥");
  expect(fenOf((await page.getByTestId("liability-cash").textContent()) ?? "")).toBeGreaterThan(0);
  await expect(page.getByTestId("dashboard-planned")).toContainText("每日坚果 6人团");
  await expect(page.getByTestId("chart-liabilities").locator(".recharts-line").first()).toBeVisible();
  await shot(page, testInfo, "dashboard-04-liabilities");

  // The nightly reconciliation balances; finance reconciles again now.
  await expect(page.getByTestId("reconciliation-status")).toHaveText("平衡");
  await page.getByTestId("reconcile-now").click();
  await expect(page.getByText("截至此刻")).toBeVisible();
  // Every asset balances and cash in − out equals cash held, also after the specs that move the
  // server's clock (forward only) have run.
  await expect(page.getByTestId("reconciliation-status")).toHaveText("平衡");
  await expect(page.getByTestId("difference-cash")).toHaveText("¥0.00");
  await expect(page.getByTestId("difference-cash-flow")).toHaveText("¥0.00");
  await page.getByTestId("reconciliation-assets").scrollIntoViewIfNeeded();
  await shot(page, testInfo, "dashboard-05-reconciliation");
});

test("support sees the dashboard read-only: no reconciliation run", async ({ page }) => {
  await signInToConsole(page, SUPPORT);
  await expect(page.getByRole("heading", { name: "数据概览" })).toBeVisible();
  await expect(page.getByTestId("kpi-gmv")).toContainText("¥");
  await expect(page.getByTestId("reconciliation-status")).toBeVisible();
  await expect(page.getByTestId("reconcile-now")).toHaveCount(0);
});

test("the dashboard reads in English", async ({ page }, testInfo) => {
  await signInToConsole(page, DEMO.owner);
  await page.getByRole("radio", { name: "English" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard", exact: true })).toBeVisible();
  await expect(page.getByRole("tab", { name: "7 days" })).toHaveAttribute("aria-selected", "true");
  await expect(bars(page, "chart-gmv").first()).toBeVisible();
  await shot(page, testInfo, "dashboard-06-en");
  await page.getByTestId("dashboard-liabilities").scrollIntoViewIfNeeded();
  await expect(page.getByTestId("reconciliation-status")).toHaveText("Balanced");
  await shot(page, testInfo, "dashboard-07-liabilities-en");
});
