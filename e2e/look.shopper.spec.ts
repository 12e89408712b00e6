/**
 * A first look at every shopper page at 390×844, in both languages: no tap target under 44 px, no
 * message key where a message should be, nothing wider than the screen — also the pages a shopper
 * reaches with things in hand (a cart with items, checkout, an order, a prize's address step, the
 * sandbox cashier). Then what a shopper sees of others and of themself: item photos (a stranger's
 * view of a drawn group too), distinct avatars with names masked first*last, the profile editor on
 * 我的. (The in-app 404 pages: e2e/not-found.spec.ts.)
 */
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { and, asc, eq } from "drizzle-orm";
import { activities, activityItems, groups, orders, products, users } from "../db/schema";
import { DEFAULT_ACTIVITY_CONFIG } from "../server/domain/shared/activity-config";
import { createActivity } from "../server/domain/activities/create-activity";
import { signUp } from "../server/domain/auth/sign-up";
import { drawPendingGroups } from "../server/domain/groups/draw-group";
import { joinActivity } from "../server/domain/groups/join-activity";
import { postTransfers } from "../server/domain/ledger";
import { saveAddress } from "../server/domain/store/addresses";
import { createPrizeOrders } from "../server/domain/store/create-prize-orders";
import { placeOrder } from "../server/domain/store/place-order";
import { updateProfile } from "../server/domain/users/update-profile";
import { createTopup } from "../server/domain/wallet/create-topup";
import { DEMO, DEMO_PASSWORD, signInThroughForm } from "./helpers/accounts";
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

/**
 * A shopper with things in hand, made through the domain: a prize they won (one activity seat each of
 * a 2-seat group, so one of them wins) whose order waits for an address, and an unpaid sandbox
 * top-up. Their address book starts empty (the address step shows its form).
 */
async function arrangeShopperWithOrders(): Promise<{ phone: string; password: string; userId: string; prizeOrder: string; payment: string; earbuds: string; cup: string }> {
  const phone = uniquePhone();
  const password = `${DEMO_PASSWORD}x`;
  return onDb(async (db, clock) => {
    const [owner] = await db.select({ id: users.id }).from(users).where(eq(users.phone, DEMO.owner));
    const [earbuds] = await db.select({ id: products.id }).from(products).where(eq(products.name, "无线降噪耳机"));
    const [cup] = await db.select({ id: products.id }).from(products).where(eq(products.name, "真空保温杯 500ml"));
    const { userId } = await db.transaction((tx) => signUp(tx, clock, { phone, password, displayName: "看看买家" }));
    await postTransfers(db, clock, [{ key: `e2e-look:${userId}:cash`, asset: "cash", from: { platform: "opening_balances" }, to: { userId }, amount: 500_00, reason: "seed", ref: { type: "test", id: userId } }]);
    const { id: activityId } = await db.transaction((tx) =>
      createActivity(tx, clock, { id: owner!.id, role: "owner", ip: "127.0.0.1" }, {
        name: `看看奖品 2人团 ${Date.now() % 100_000}`, priceFen: 1_00, groupSize: 2, winners: 1, opensAt: new Date(clock.now().getTime() - 3600_000), closesAt: null,
        items: [{ kind: "product", name: "降噪耳机 · 白", priceFen: 1_00, productId: earbuds!.id }],
        config: { ...DEFAULT_ACTIVITY_CONFIG, seatsPerUser: 2 },
      }),
    );
    const [item] = await db.select({ id: activityItems.id }).from(activityItems).where(eq(activityItems.activityId, activityId));
    for (let seat = 0; seat < 2; seat++) await db.transaction((tx) => joinActivity(tx, clock, { userId, activityId, itemId: item!.id, entryId: randomUUID() }));
    await drawPendingGroups(db, clock, activityId);
    await db.transaction((tx) => createPrizeOrders(tx, clock, { userId }));
    const [prize] = await db.select({ id: orders.id }).from(orders).where(and(eq(orders.userId, userId), eq(orders.kind, "prize")));
    const payment = await db.transaction((tx) => createTopup(tx, clock, { userId, amountFen: 88_00 }));
    return { phone, password, userId, prizeOrder: prize!.id, payment: payment.id, earbuds: earbuds!.id, cup: cup!.id };
  });
}

for (const locale of ["zh-CN", "en"] as const) {
  test(`pages with things in hand in ${locale}: a prize's address step (form, then picker), a store order, a cart with items, checkout, the sandbox cashier`, async ({ browser, baseURL }, testInfo) => {
    test.setTimeout(300_000);
    const s = await arrangeShopperWithOrders();
    const { context, page } = await newPhone(browser, baseURL);
    await signInThroughForm(page, s.phone, { password: s.password });
    await page.waitForURL("**/me");
    await context.addCookies([{ name: "NEXT_LOCALE", value: locale, url: baseURL! }]);
    const findings: string[] = [];
    const audit = async (path: string, what: string, name: string) => {
      await page.goto(path);
      await settled(page);
      for (const f of await auditPage(page)) findings.push(`${path} (${what}): ${f.kind} ${f.what}`);
      await shot(page, testInfo, `look-${name}-${locale}`);
    };

    // The prize waits for an address: with an empty book, the step is the address form itself.
    await audit(`/orders/${s.prizeOrder}`, "prize, no address yet", "09-prize-address-form");
    await expect(page.getByTestId("address-needed")).toBeVisible();
    await expect(page.getByTestId("address-needed").getByRole("textbox").first()).toBeVisible();
    // With an address in the book, the step is the picker with the default chosen.
    const address = await onDb((db, clock) => db.transaction((tx) => saveAddress(tx, clock, s.userId, { recipient: "看看买家", phone: "13800138000", region: "上海市 浦东新区", detail: "世纪大道 100 号", isDefault: true })));
    await audit(`/orders/${s.prizeOrder}`, "prize, address book", "10-prize-address-picker");
    await expect(page.getByTestId("use-address")).toBeEnabled();

    // A store order paid from cash: its detail page.
    const storeOrder = await onDb((db, clock) => db.transaction((tx) => placeOrder(tx, clock, { userId: s.userId, orderId: randomUUID(), lines: [{ productId: s.cup, quantity: 1 }], addressId: address.id, voucherFen: 0, payWith: "cash" })));
    await audit(`/orders/${storeOrder.id}`, "store order", "11-store-order");
    await expect(page.getByTestId("item-photo").first()).toBeVisible();

    // The cart with two lines (it lives in the browser), then checkout from it.
    await page.evaluate((lines) => localStorage.setItem("pinpin-cart", JSON.stringify({ state: { lines }, version: 1 })), [{ productId: s.earbuds, quantity: 2 }, { productId: s.cup, quantity: 1 }]);
    await audit("/cart", "cart with items", "12-cart");
    await expect(page.getByTestId("item-photo")).toHaveCount(2);
    await audit("/checkout", "checkout from the cart", "13-checkout");

    // The sandbox gateway's cashier for an unpaid top-up.
    await audit(`/pay/sandbox/${s.payment}`, "sandbox cashier", "14-sandbox-pay");
    await expect(page.getByTestId("pay-amount")).toHaveText("¥88.00");
    await context.close();
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

  // A drawn group seen by someone not in it: the activity's product photo, though a voucher is listed first.
  const nutsGroup = await onDb(async (db) => {
    const [nuts] = await db.select({ id: activities.id }).from(activities).where(eq(activities.name, "每日坚果 6人团"));
    const [g] = await db.select({ id: groups.id }).from(groups).where(and(eq(groups.activityId, nuts!.id), eq(groups.status, "drawn"))).limit(1);
    return g!.id;
  });
  await page.goto(`/groups/${nutsGroup}`);
  await settled(page);
  await expect(page.getByTestId("result-activity").getByTestId("item-photo")).toHaveAttribute("src", "/store/nuts.svg");
  await shot(page, testInfo, "look-03b-stranger-result");

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
