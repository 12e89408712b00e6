import { expect, test } from "@playwright/test";
import { sql } from "drizzle-orm";
import { createDb } from "../db/client";
import { DEMO, signInThroughForm } from "./helpers/accounts";
import { shot } from "./helpers/screens";

/**
 * Static release from the console (spec §4): finance switches it on at 3 bp with no acceleration,
 * runs yesterday, and reads the run's per-user payouts: each user's credit balance (the basis) and
 * the amount released from it. Static release is off again afterwards.
 */
test.afterEach(async () => {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set");
  const handle = createDb(url, { max: 1 });
  try {
    // Back to the default (off), so no other spec meets a static release.
    await handle.db.execute(sql`DELETE FROM settings WHERE key = 'settlement.staticRelease'`);
  } finally {
    await handle.close();
  }
});

test("finance switches static release on, runs yesterday once, and pages the run's payouts with their basis", async ({ page }, testInfo) => {
  await signInThroughForm(page, DEMO.finance, { path: "/admin/login" });
  await page.waitForURL("**/admin");
  await page.getByRole("navigation").getByRole("link", { name: "结算", exact: true }).click();
  await page.waitForURL("**/admin/settlement");
  const panel = page.getByRole("heading", { name: /^静态释放:/ });
  await expect(panel).toContainText("已关闭");
  // No acceleration, so every amount follows from its basis alone whatever the shoppers did yesterday.
  await page.getByLabel("每次参团加速（万分之）").fill("0");
  await page.getByRole("button", { name: "开启", exact: true }).click();
  await expect(page.getByText("已保存").first()).toBeVisible();
  await expect(panel).toContainText("已开启");

  await page.getByRole("button", { name: "运行: 静态释放" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("静态释放");
  await dialog.getByRole("button", { name: "运行", exact: true }).click();
  await expect(page.getByText(/运行完成：发放 ¥/).first()).toBeVisible();

  const row = page.getByTestId("settlement-run-row").filter({ hasText: "静态释放" }).first();
  await expect(row).toContainText("已完成");
  const payees = Number((await row.locator("td").nth(7).innerText()).trim());
  expect(payees).toBeGreaterThanOrEqual(2); // 王芳 and 韩梅梅 hold credit in the demo data
  await row.getByRole("button", { name: /发放明细/ }).click();

  const sheet = page.getByRole("dialog");
  const lines = sheet.locator("tbody tr");
  await expect(lines).toHaveCount(Math.min(payees, 50));
  await expect(lines.first()).toContainText("¥");
  // Every line: amount = basis × 3 / 10000, rounded down.
  for (const line of await lines.all()) {
    const [, basisText, amountText] = (await line.locator("td").allInnerTexts()).map((s) => s.trim());
    const fenOf = (text: string | undefined) => Math.round(Number(text!.replace(/[¥,]/g, "")) * 100);
    const basis = fenOf(basisText);
    const fen = fenOf(amountText);
    expect(fen).toBe(Math.floor((basis * 3) / 10_000));
  }
  await expect(sheet.locator("tbody tr").filter({ hasText: "王芳" })).toHaveCount(1);
  await shot(page, testInfo, "settlement-01-static-release-payouts");
  await sheet.getByRole("button", { name: "关闭" }).click();

  // A second run of the same day pays nothing more.
  await row.getByRole("button", { name: "运行", exact: true }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "运行", exact: true }).click();
  await expect(page.getByText("该日已发放，未做任何更改。").first()).toBeVisible();
  await expect(page.getByTestId("settlement-run-row").filter({ hasText: "静态释放" })).toHaveCount(1);
  await shot(page, testInfo, "settlement-02-second-run");
});
