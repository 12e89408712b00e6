/**
 * The in-app 404 pages, in both languages: an address the app does not have and a shopper page's own
 * "not found" (an activity, an order) show the shop's page in its frame — the title bar with its way
 * home, 404 in the reader's words, a button home — never Next's bare English page; the console's
 * unknown addresses show the console's own, inside its frame, with the way back to the dashboard.
 *
 * The error page (app/error.tsx) has no e2e here: no route throws on purpose, and none is added to
 * production to make one (its words and shell are the same StatusCard as the 404's).
 */
import { expect, test, type Page } from "@playwright/test";
import { DEMO, signInThroughForm } from "./helpers/accounts";
import { newPhone } from "./helpers/group-draw";
import { auditPage, settled } from "./helpers/page-audit";
import { shot } from "./helpers/screens";

const WORDS = {
  "zh-CN": { title: "页面不存在", home: "返回首页", header: "拼拼", console: "没有这个页面", consoleHome: "返回后台首页" },
  en: { title: "Page not found", home: "Back to home", header: "Pinpin", console: "No such page", consoleHome: "Back to dashboard" },
} as const;
const NO_SUCH = "00000000-0000-4000-8000-000000000000";

/** The shop's 404 as drawn: status, words, the title bar with its way home, nothing of Next's own page, nothing too small or untranslated. */
async function expectShopNotFound(page: Page, path: string, locale: keyof typeof WORDS): Promise<void> {
  const w = WORDS[locale];
  expect((await page.goto(path))?.status(), path).toBe(404);
  await settled(page);
  await expect(page.getByTestId("not-found")).toContainText(w.title);
  await expect(page).toHaveTitle(new RegExp(w.title));
  const bar = page.getByRole("banner");
  await expect(bar.getByRole("heading", { name: w.header })).toBeVisible();
  await expect(bar.getByRole("link", { name: w.home })).toHaveAttribute("href", "/");
  expect(await page.locator("body").innerText()).not.toMatch(/This page could not be found|404: /);
  expect(await page.locator("html").getAttribute("lang")).toBe(locale);
  expect(await auditPage(page)).toEqual([]);
}

for (const locale of ["zh-CN", "en"] as const) {
  test(`shop 404 in ${locale}: an unknown address and a page's own not-found, in the shop's frame, with the ways home`, async ({ browser, baseURL }, testInfo) => {
    test.setTimeout(120_000);
    const { context, page } = await newPhone(browser, baseURL);
    await context.addCookies([{ name: "NEXT_LOCALE", value: locale, url: baseURL! }]);
    await expectShopNotFound(page, "/no-such-page/deeper", locale);
    await shot(page, testInfo, `not-found-01-unknown-${locale}`);
    // The title bar's arrow goes home.
    await page.getByRole("banner").getByRole("link", { name: WORDS[locale].home }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await expect(page.getByTestId("activity-card").first()).toBeVisible();

    // An activity that does not exist: the same page, and its button goes home.
    await expectShopNotFound(page, `/activities/${NO_SUCH}`, locale);
    await page.getByTestId("go-home").click();
    await page.waitForURL((url) => url.pathname === "/");

    await context.close();

    // Signed in (through the zh-CN form), an order that is not there (or not theirs) is the same page too.
    const shopper = await newPhone(browser, baseURL);
    await signInThroughForm(shopper.page, DEMO.wangFang);
    await shopper.page.waitForURL("**/me");
    await shopper.context.addCookies([{ name: "NEXT_LOCALE", value: locale, url: baseURL! }]);
    await expectShopNotFound(shopper.page, `/orders/${NO_SUCH}`, locale);
    await shot(shopper.page, testInfo, `not-found-02-order-${locale}`);
    await shopper.context.close();
  });

  test(`console 404 in ${locale}: in the console's frame, with the way back to the dashboard`, async ({ browser, baseURL }, testInfo) => {
    const context = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
    const page = await context.newPage();
    await signInThroughForm(page, DEMO.owner, { path: "/admin/login" });
    await page.waitForURL(/\/admin$/);
    await context.addCookies([{ name: "NEXT_LOCALE", value: locale, url: baseURL! }]);
    expect((await page.goto("/admin/no-such-page"))?.status()).toBe(404);
    await expect(page.getByTestId("console-not-found")).toContainText(WORDS[locale].console);
    await expect(page.getByTestId("console-user")).toBeVisible();
    await expect(page.getByRole("navigation").first()).toBeVisible();
    await shot(page, testInfo, `not-found-03-console-${locale}`);
    // A record a console page cannot find is the same page.
    expect((await page.goto(`/admin/activities/${NO_SUCH}`))?.status()).toBe(404);
    await expect(page.getByTestId("console-not-found")).toContainText(WORDS[locale].console);
    await page.getByRole("link", { name: WORDS[locale].consoleHome }).click();
    await page.waitForURL(/\/admin$/);
    await context.close();
  });
}
