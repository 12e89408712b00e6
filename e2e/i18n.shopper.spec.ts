import { expect, test } from "@playwright/test";
import { DEMO, signInThroughForm } from "./helpers/accounts";
import { shot } from "./helpers/screens";

const HAN = /[\u3400-\u9fff]/;

test("switching to English on 我的 shows the wallet in English", async ({ page }, testInfo) => {
  await signInThroughForm(page, DEMO.zhangWei);
  await page.waitForURL("**/me");
  await expect(page.getByRole("heading", { name: "我的", level: 1 })).toBeVisible();
  await shot(page, testInfo, "i18n-01-me-zh");

  await page.getByRole("radio", { name: "English" }).click();
  await expect(page.getByRole("heading", { name: "Me", level: 1 })).toBeVisible();
  await expect(page.getByRole("radio", { name: "English" })).toHaveAttribute("aria-checked", "true");
  await expect(page.getByRole("link", { name: /My wallet/ })).toBeVisible();
  await shot(page, testInfo, "i18n-02-me-en");

  await page.goto("/wallet");
  await expect(page.getByRole("heading", { name: "My wallet", level: 1 })).toBeVisible();
  await expect(page.getByTestId("balance-cash")).toContainText("Cash");
  await expect(page.getByTestId("balance-cash")).toContainText("¥1,000.00");
  await expect(page.getByRole("link", { name: "Top up" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Withdraw" })).toBeVisible();
  await expect(page.getByTestId("history-line").first()).toContainText("Opening balance");
  // Nothing Chinese leaks into the English wallet (its data has no user-entered names).
  expect(await page.locator("body").innerText()).not.toMatch(HAN);
  await shot(page, testInfo, "i18n-03-wallet-en");

  // The choice sticks across pages (a cookie), and switching back restores Chinese.
  await page.goto("/me");
  await page.getByRole("radio", { name: "简体中文" }).click();
  await expect(page.getByRole("heading", { name: "我的", level: 1 })).toBeVisible();
});
