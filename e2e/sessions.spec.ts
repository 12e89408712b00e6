import { expect, test, type APIRequestContext, type Browser, type Cookie } from "@playwright/test";
import { DEMO, freshPhone, signInThroughForm } from "./helpers/accounts";

/**
 * Sessions end when their owner ends them (SECURITY.md): after signing out, a copy of the old cookie
 * (another device, or a thief) reads nothing and moves nothing, for shoppers and for staff. And the
 * sign-in pages never send anyone to another site, whatever `next` says.
 */

async function copyOfCookies(browser: Browser, baseURL: string, cookies: Cookie[]) {
  const context = await browser.newContext({ baseURL });
  await context.addCookies(cookies);
  return context;
}

async function trpcGet(request: APIRequestContext, path: string): Promise<number> {
  const res = await request.get(`/api/trpc/${path}`);
  return res.status();
}

test("signing out ends the session everywhere: a copied cookie is refused by the API and the pages", async ({ page, browser, baseURL }) => {
  await signInThroughForm(page, DEMO.wangFang);
  await page.waitForURL("**/me");
  const copy = await copyOfCookies(browser, baseURL ?? "", await page.context().cookies());
  try {
    expect(await trpcGet(copy.request, "wallet.overview")).toBe(200);
    await page.getByRole("button", { name: "退出登录" }).click();
    await page.waitForURL("**/login");
    expect(await trpcGet(copy.request, "wallet.overview")).toBe(401);
    const mutation = await copy.request.post("/api/trpc/wallet.createTopup", { data: { json: { amountFen: 1000 } }, headers: { origin: baseURL ?? "", "content-type": "application/json" } });
    expect(mutation.status()).toBe(401);
    const wallet = await copy.newPage();
    await wallet.goto("/wallet");
    await expect(wallet).toHaveURL(/\/login\?next=%2Fwallet$/);
  } finally {
    await copy.close();
  }
  // Signing in again works, with a new session.
  await signInThroughForm(page, DEMO.wangFang);
  await page.waitForURL("**/me");
  expect(await trpcGet(page.request, "wallet.overview")).toBe(200);
});

test("a staff member's sign-out ends their console session on every copy", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    await signInThroughForm(page, DEMO.finance, { path: "/admin/login" });
    await page.waitForURL(/\/admin$/);
    const copy = await copyOfCookies(browser, baseURL ?? "", await context.cookies());
    try {
      expect(await trpcGet(copy.request, "admin.whoami")).toBe(200);
      await page.getByRole("button", { name: "退出登录" }).click();
      await page.waitForURL("**/admin/login");
      expect(await trpcGet(copy.request, "admin.whoami")).toBe(401);
    } finally {
      await copy.close();
    }
  } finally {
    await context.close();
  }
});

test("the console's sign-in refuses a shopper without touching the shopper's own sessions", async ({ page, browser, baseURL }) => {
  await signInThroughForm(page, DEMO.liLei);
  await page.waitForURL("**/me");
  const consoleContext = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 } });
  try {
    const admin = await consoleContext.newPage();
    await signInThroughForm(admin, DEMO.liLei, { path: "/admin/login" });
    await expect(admin.getByText("该账号不是运营后台账号")).toBeVisible();
    expect((await consoleContext.cookies()).some((c) => c.name.includes("session-token"))).toBe(false);
  } finally {
    await consoleContext.close();
  }
  expect(await trpcGet(page.request, "wallet.overview")).toBe(200);
});

test("next= never leaves the site, and never breaks the page", async ({ page, baseURL }) => {
  // Staff, so that both sign-in pages send a signed-in visitor on at once.
  await signInThroughForm(page, DEMO.owner, { path: "/admin/login" });
  await page.waitForURL(/\/admin$/);
  const attacks = ["/%09/evil.example/phish", "/%0a/evil.example", "%2F%2Fevil.example", "/%5Cevil.example", "/.//evil.example", "https://evil.example/", "/%0d%0aSet-Cookie:x=1"];
  for (const path of ["/login", "/admin/login"]) {
    for (const next of attacks) {
      const res = await page.request.get(`${path}?next=${next}`, { maxRedirects: 0 });
      expect(res.status(), `${path}?next=${next}`).toBeGreaterThanOrEqual(300);
      expect(res.status(), `${path}?next=${next}`).toBeLessThan(400);
      const location = res.headers().location ?? "";
      expect(new URL(location, baseURL).origin, `${path}?next=${next} → ${location}`).toBe(new URL(baseURL ?? "").origin);
      expect(res.headers()["set-cookie"] ?? "").not.toContain("x=1");
    }
  }
  // A real path is kept.
  const ok = await page.request.get("/login?next=%2Fwallet%3Ftab%3Dcash", { maxRedirects: 0 });
  expect(ok.headers().location).toBe("/wallet?tab=cash");
});

test("a guesser rotating X-Forwarded-For is still one source: after 5 wrong passwords the form says when to try again", async ({ page }) => {
  // A number of its own: the throttle it trips must not slow another spec's demo account.
  const phone = freshPhone();
  await page.goto("/login");
  for (let i = 0; i < 6; i++) {
    await page.setExtraHTTPHeaders({ "x-forwarded-for": `198.51.100.${i + 1}`, "x-real-ip": `198.51.100.${i + 1}` });
    await page.getByLabel("手机号", { exact: true }).fill(phone);
    await page.getByLabel("密码", { exact: true }).fill(`wrong-guess-${i}`);
    await page.getByRole("button", { name: "登录", exact: true }).click();
    const expected = i < 5 ? "手机号或密码错误" : /尝试次数过多，请 1[0-5] 秒后再试/;
    await expect(page.locator("form").getByRole("alert")).toHaveText(expected);
  }
});
