/**
 * A first look at every shopper page at 390×844, in both languages: no tap target under 44 px, no
 * message key where a message should be, nothing wider than the screen. Then what a shopper sees of
 * others and of themself: item photos, distinct avatars with names masked first*last, the profile
 * editor on 我的, and the in-app 404 pages (shop and console).
 */
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { and, asc, eq } from "drizzle-orm";
import { activities, activityItems, groups, orders, products, users } from "../db/schema";
import { DEFAULT_ACTIVITY_CONFIG } from "../server/domain/shared/activity-config";
import { createActivity } from "../server/domain/activities/create-activity";
import { signUp } from "../server/domain/auth/sign-up";
import { joinActivity } from "../server/domain/groups/join-activity";
import { postTransfers } from "../server/domain/ledger";
import { updateProfile } from "../server/domain/users/update-profile";
import { DEMO, signInThroughForm } from "./helpers/accounts";
import { newPhone, signIn, signUpFresh, uniquePhone } from "./helpers/group-draw";
import { onDb } from "./helpers/on-db";
import { auditPage, settled } from "./helpers/page-audit";
import { shot } from "./helpers/screens";

interface Ids {
  activity: string;
  group: string;
  product: string;
  code: string;
  order: string | null;
}

/** Ids of seeded things the pages need (read-only: this part of the spec changes nothing). */
const seededIds = () =>
  onDb(async (db): Promise<Ids> => {
    const [a] = await db.select({ id: activities.id }).from(activities).where(eq(activities.name, "无线降噪耳机 10人团"));
    const [g] = await db.select({ id: groups.id }).from(groups).where(eq(groups.activityId, a!.id)).orderBy(asc(groups.number)).limit(1);
    const [p] = await db.select({ id: products.id }).from(products).where(eq(products.name, "无线降噪耳机"));
    const [w] = await db.select({ id: users.id, code: users.referralCode }).from(users).where(eq(users.phone, DEMO.wangFang));
    const [o] = await db.select({ id: orders.id }).from(orders).where(eq(orders.userId, w!.id)).limit(1);
    return { activity: a!.id, group: g!.id, product: p!.id, code: w!.code, order: o?.id ?? null };
  });

const publicPages = (ids: Ids) => ["/", "/store", `/store/products/${ids.product}`, `/activities/${ids.activity}`, `/groups/${ids.group}`, `/groups/${ids.group}/verify`, "/earn", "/login", "/signup", "/reset-password", `/r/${ids.code}`];
const shopperPages = (ids: Ids) => [
  "/me", "/me/entries", "/wallet", "/wallet/topup", "/wallet/withdraw", "/addresses", "/cart", "/checkout", "/orders", "/mall", "/pool", "/referral", "/notifications", "/earn",
  "/", "/store", `/store/products/${ids.product}`, `/activities/${ids.activity}`, `/groups/${ids.group}`, `/groups/${ids.group}/verify`,
  ...(ids.order ? [`/orders/${ids.order}`] : []),
];

async function auditAll(page: Page, paths: string[], findings: string[], extra?: (path: string) => Promise<void>): Promise<void> {
  for (const path of paths) {
    await page.goto(path);
    await settled(page);
    for (const f of await auditPage(page)) findings.push(`${path}: ${f.kind} ${f.what}`);
    await extra?.(path);
  }
}

/** The sheets a page opens (pay sheet, rules, profile editor) are tap surfaces too. */
async function auditSheets(page: Page, path: string, findings: string[]): Promise<void> {
  const openers: [RegExp, string][] = [
    [/^\/activities\//, "join-button"],
    [/^\/me$/, "edit-profile"],
  ];
  for (const [match, testId] of openers) {
    if (!match.test(path)) continue;
    await page.getByTestId(testId).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog).toBeVisible();
    await settled(page);
    for (const f of await auditPage(page)) findings.push(`${path} (sheet): ${f.kind} ${f.what}`);
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
  }
}

test("the auditor finds a small tap target and a missing message (so the sweep below can fail)", async ({ page }) => {
  await page.setContent(`<main><button style="height:30px">小按钮</button><a href="/" style="display:inline-block;height:48px">ok</a><p>room.joinNow</p><input placeholder="MISSING_MESSAGE: x"></main>`);
  const found = await auditPage(page);
  expect(found.map((f) => f.kind).sort()).toEqual(["small-target", "small-target", "untranslated", "untranslated"]);
  expect(found.find((f) => f.kind === "small-target")?.what).toContain("小按钮");
});

for (const locale of ["zh-CN", "en"] as const) {
  test(`every shopper page in ${locale}: tap targets ≥ 44 px, every message translated, nothing wider than the screen`, async ({ browser, baseURL }) => {
    test.setTimeout(420_000);
    const ids = await seededIds();
    const findings: string[] = [];
    const visitor = await newPhone(browser, baseURL);
    await visitor.context.addCookies([{ name: "NEXT_LOCALE", value: locale, url: baseURL! }]);
    await auditAll(visitor.page, publicPages(ids), findings);
    await visitor.context.close();

    const shopper = await newPhone(browser, baseURL);
    await signIn(shopper.page, DEMO.wangFang);
    await shopper.context.addCookies([{ name: "NEXT_LOCALE", value: locale, url: baseURL! }]);
    await auditAll(shopper.page, shopperPages(ids), findings, (path) => auditSheets(shopper.page, path, findings));
    await shopper.context.close();
    expect(findings).toEqual([]);
  });
}

const ROOM = `看看拼团 3人团 ${Date.now() % 100_000}`;

/** This spec's own activity (an item standing for the catalog's earbuds, a voucher), with two strangers seated. */
async function arrangeRoom(): Promise<string> {
  return onDb(async (db, clock) => {
    const [owner] = await db.select({ id: users.id }).from(users).where(eq(users.phone, DEMO.owner));
    const [earbuds] = await db.select({ id: products.id }).from(products).where(eq(products.name, "无线降噪耳机"));
    const { id } = await db.transaction((tx) =>
      createActivity(tx, clock, { id: owner!.id, role: "owner", ip: "127.0.0.1" }, {
        name: ROOM, priceFen: 1000, groupSize: 3, winners: 1, opensAt: new Date(clock.now().getTime() - 3600_000), closesAt: null,
        items: [
          { kind: "product", name: "降噪耳机 · 黑", priceFen: 1000, productId: earbuds!.id },
          { kind: "voucher", name: "¥10 购物券", priceFen: 1000 },
        ],
        config: DEFAULT_ACTIVITY_CONFIG,
      }),
    );
    const [item] = await db.select({ id: activityItems.id }).from(activityItems).where(and(eq(activityItems.activityId, id), eq(activityItems.position, 0)));
    for (const [i, name] of ["张小明", "李雷雷"].entries()) {
      const phone = uniquePhone();
      await db.transaction(async (tx) => {
        const { userId } = await signUp(tx, clock, { phone, password: "pinpin123x", displayName: name });
        await updateProfile(tx, { userId, avatarVariant: i + 1 });
        await postTransfers(tx, clock, [{ key: `e2e-look:${userId}:cash`, asset: "cash", from: { platform: "opening_balances" }, to: { userId }, amount: 10_00, reason: "seed", ref: { type: "test", id: userId } }]);
        await joinActivity(tx, clock, { userId, activityId: id, itemId: item!.id, entryId: randomUUID() });
      });
    }
    return id;
  });
}

async function fundCash(phone: string, fen: number): Promise<void> {
  await onDb(async (db, clock) => {
    const [u] = await db.select({ id: users.id }).from(users).where(eq(users.phone, phone));
    await postTransfers(db, clock, [{ key: `e2e-look:${u!.id}:cash`, asset: "cash", from: { platform: "opening_balances" }, to: { userId: u!.id }, amount: fen, reason: "seed", ref: { type: "test", id: u!.id } }]);
  });
}

test("photos, avatars and masked names: a shopper names themself, picks an avatar and is told apart in the room", async ({ browser, baseURL }, testInfo) => {
  test.setTimeout(300_000);
  const activityId = await arrangeRoom();
  const { context, page } = await newPhone(browser, baseURL);

  // 首页: the seeded activities show their product's photo, not the placeholder bag.
  await page.goto("/");
  await settled(page);
  const earbuds = page.getByTestId("activity-card").filter({ hasText: "无线降噪耳机 10人团" });
  await expect(earbuds.getByTestId("item-photo")).toHaveAttribute("src", "/store/earbuds.svg");
  await expect(earbuds.getByTestId("item-photo")).toHaveJSProperty("complete", true);
  expect(await earbuds.getByTestId("item-photo").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  const mine = page.getByTestId("activity-card").filter({ hasText: ROOM });
  await expect(mine.getByRole("img", { name: "张*明" })).toBeVisible();
  await expect(mine.getByRole("img", { name: "李*雷" })).toBeVisible();
  await mine.scrollIntoViewIfNeeded();
  await shot(page, testInfo, "look-01-home");

  // 我的: a new shopper (default name 用户xxxx) edits their profile.
  const phone = await signUpFresh(page);
  await settled(page);
  const before = await page.getByRole("img", { name: "我的头像" }).getAttribute("src");
  await page.getByTestId("edit-profile").click();
  const sheet = page.getByRole("dialog", { name: "编辑资料" });
  await sheet.getByLabel("昵称").fill("字".repeat(21));
  await sheet.getByTestId("save-profile").click();
  await expect(sheet.getByRole("alert")).toHaveText("昵称须为 1–20 个字，且不能含控制符或不可见字符");
  await sheet.getByLabel("昵称").fill("  陈小春 ");
  await sheet.getByRole("radio", { name: "头像 4" }).click();
  await expect(sheet.getByRole("radio", { name: "头像 4" })).toHaveAttribute("aria-checked", "true");
  await shot(page, testInfo, "look-05-me-profile-editor");
  await sheet.getByTestId("save-profile").click();
  await expect(sheet).toBeHidden();
  await expect(page.getByTestId("display-name")).toHaveText("陈小春");
  const after = await page.getByRole("img", { name: "我的头像" }).getAttribute("src");
  expect(after).not.toBe(before);
  await shot(page, testInfo, "look-06-me-after-edit");

  // The room: the chosen item's photo, the strangers' avatars and masked names, then my pay sheet.
  await fundCash(phone, 20_00);
  await page.goto(`/activities/${activityId}`);
  await settled(page);
  await expect(page.getByTestId("item-photo").first()).toHaveAttribute("src", "/store/earbuds.svg");
  await expect(page.locator('[data-testid="seat"][data-seat="1"]')).toHaveAttribute("aria-label", "1 号座位：张*明");
  await expect(page.locator('[data-testid="seat"][data-seat="2"]')).toHaveAttribute("aria-label", "2 号座位：李*雷");
  const [a1, a2] = await Promise.all([1, 2].map((n) => page.locator(`[data-testid="seat"][data-seat="${n}"] img`).getAttribute("src")));
  expect(a1).not.toBe(a2);
  await shot(page, testInfo, "look-02-activity");
  await page.getByRole("radio", { name: /¥10 购物券/ }).click();
  await expect(page.getByTestId("item-placeholder").first()).toBeVisible();
  await page.getByRole("radio", { name: /降噪耳机 · 黑/ }).click();
  await page.getByTestId("join-button").click();
  const pay = page.getByRole("dialog", { name: "确认参团" });
  await expect(pay.getByTestId("item-photo")).toHaveAttribute("src", "/store/earbuds.svg");
  await expect(pay.getByTestId("cash-balance")).toContainText("¥20.00");
  await shot(page, testInfo, "look-04-pay-sheet");
  await pay.getByTestId("confirm-join").click();
  await expect(pay).toBeHidden();

  // I took the last seat: the room shows the draw as a moment, then its result shows everyone's avatar.
  await page.getByTestId("moment-result").click();
  await page.waitForURL(/\/groups\/[0-9a-f-]{36}$/);
  // (The result page may have read the group as full just before the draw committed; how the page
  // follows the draw is not this spec's subject, so it reloads until the result is in.)
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("outcome")).toHaveAttribute("data-status", "drawn", { timeout: 5_000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByTestId("result-activity").getByTestId("item-photo")).toHaveAttribute("src", "/store/earbuds.svg");
  await expect(page.locator('[data-testid="seat"] img')).toHaveCount(3);
  await shot(page, testInfo, "look-03-room-result");

  // 我的参团: the entry with the item's photo.
  await page.goto("/me/entries");
  await settled(page);
  await expect(page.getByTestId("entry").first().getByTestId("item-photo")).toHaveAttribute("src", "/store/earbuds.svg");
  await context.close();
});

for (const [locale, title, home] of [["zh-CN", "页面不存在", "返回首页"], ["en", "Page not found", "Back to home"]] as const) {
  test(`an unknown address shows the app's own 404 in ${locale}, with the way home`, async ({ browser, baseURL }, testInfo) => {
    const { context, page } = await newPhone(browser, baseURL);
    await context.addCookies([{ name: "NEXT_LOCALE", value: locale, url: baseURL! }]);
    const res = await page.goto("/no-such-page");
    expect(res?.status()).toBe(404);
    await expect(page.getByTestId("not-found")).toContainText(title);
    await expect(page).toHaveTitle(new RegExp(title));
    expect(await page.locator("body").innerText()).not.toMatch(/This page could not be found/);
    expect(await auditPage(page)).toEqual([]);
    await shot(page, testInfo, `look-07-404-${locale}`);
    // A shopper page's own "not found" (an activity that does not exist) is the same page.
    expect((await page.goto("/activities/00000000-0000-4000-8000-000000000000"))?.status()).toBe(404);
    await expect(page.getByTestId("not-found")).toContainText(title);
    await expect(page.getByTestId("go-home")).toHaveText(home);
    await page.getByTestId("go-home").click();
    await page.waitForURL((url) => url.pathname === "/");
    await context.close();
  });
}

test("an unknown console address shows the console's 404 in its frame", async ({ browser, baseURL }, testInfo) => {
  const context = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  const page = await context.newPage();
  await signInThroughForm(page, DEMO.owner, { path: "/admin/login" });
  await page.waitForURL(/\/admin$/);
  expect((await page.goto("/admin/no-such-page"))?.status()).toBe(404);
  await expect(page.getByTestId("console-not-found")).toContainText("没有这个页面");
  await expect(page.getByTestId("console-user")).toBeVisible();
  await shot(page, testInfo, "look-08-console-404");
  await page.getByRole("link", { name: "返回后台首页" }).click();
  await page.waitForURL(/\/admin$/);
  await context.close();
});
