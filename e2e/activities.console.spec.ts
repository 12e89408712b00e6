import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { eq } from "drizzle-orm";
import { createDb } from "../db/client";
import { users } from "../db/schema";
import { DEFAULT_ACTIVITY_CONFIG } from "../server/domain/shared/activity-config";
import { createActivity } from "../server/domain/activities/create-activity";
import { drawPendingGroups } from "../server/domain/groups/draw-group";
import { joinActivity } from "../server/domain/groups/join-activity";
import { postTransfers } from "../server/domain/ledger";
import { systemClock } from "../server/domain/shared/clock";
import { DEMO, signInThroughForm } from "./helpers/accounts";
import { shot } from "./helpers/screens";

/**
 * A drawn group to look at: a 2-seat activity filled by two funded shoppers through the domain,
 * straight on the e2e server's database (the seed has running activities but no drawn group).
 */
async function arrangeDrawnGroup(): Promise<string> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set");
  const handle = createDb(url, { max: 2 });
  try {
    const { db } = handle;
    const [owner] = await db.select({ id: users.id }).from(users).where(eq(users.phone, DEMO.owner));
    if (!owner) throw new Error("no seeded owner");
    const name = `E2E 两人团 ${Date.now() % 100000}`;
    const { id: activityId } = await db.transaction((tx) =>
      createActivity(tx, systemClock, { id: owner.id, role: "owner", ip: "e2e" }, {
        name,
        priceFen: 1_00,
        groupSize: 2,
        winners: 1,
        opensAt: new Date(Date.now() - 60_000),
        items: [{ kind: "voucher", name: "¥1 购物券", priceFen: 1_00 }],
        config: DEFAULT_ACTIVITY_CONFIG,
      }),
    );
    const item = await db.query.activityItems.findFirst({ where: (i, { eq: is }) => is(i.activityId, activityId) });
    if (!item) throw new Error("no item");
    for (const display of ["测试甲", "测试乙"]) {
      const phone = `136${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
      const [u] = await db.insert(users).values({ phone, passwordHash: "x", displayName: display, referralCode: `E${randomUUID().slice(0, 8)}`.toUpperCase(), createdAt: new Date() }).returning();
      if (!u) throw new Error("no user");
      await db.transaction(async (tx) => {
        await postTransfers(tx, systemClock, [{ key: `e2e-fund:${u.id}`, asset: "cash", from: { platform: "opening_balances" }, to: { userId: u.id }, amount: 10_00, reason: "test.fund", ref: { type: "test", id: u.id } }]);
        await joinActivity(tx, systemClock, { userId: u.id, activityId, itemId: item.id, entryId: randomUUID() });
      });
    }
    await drawPendingGroups(db, systemClock, activityId);
    return name;
  } finally {
    await handle.close();
  }
}

test("operator: creates an activity with the economics preview updating as the price changes, then pauses and resumes it", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await signInThroughForm(page, DEMO.operator, { path: "/admin/login" });
  await page.waitForURL("**/admin");
  const nav = page.getByRole("navigation");
  await nav.getByRole("link", { name: "活动", exact: true }).click();
  await expect(page.getByRole("heading", { name: "活动", exact: true })).toBeVisible();
  await expect(page.getByTestId("activity-row").first()).toBeVisible();
  await shot(page, testInfo, "activities-01-list");

  await page.getByRole("link", { name: "新建活动" }).click();
  await page.waitForURL("**/admin/activities/new");
  const economics = page.getByTestId("economics");
  // No price yet: the preview waits instead of showing numbers for a half-filled form.
  await expect(economics).toContainText("修正左侧标红的价格");

  const name = `E2E 九块九拼团 ${Date.now() % 100000}`;
  await page.getByTestId("activity-name").fill(name);
  await page.getByTestId("item-name-0").fill("不锈钢保温杯");
  // The item stands for a catalog product, found by name: each result with its photo and store price.
  await page.getByTestId("item-product-search-0").fill("保温杯");
  const cup = page.getByRole("option").filter({ hasText: "真空保温杯 500ml" });
  await expect(cup).toContainText("商城价 ¥49.00", { timeout: 20_000 });
  await expect(cup.getByTestId("item-photo")).toHaveAttribute("src", "/store/cup.svg");
  await shot(page, testInfo, "activities-02a-product-picker");
  await cup.click();
  await expect(page.getByTestId("item-product-0").getByTestId("item-product-picked")).toContainText("真空保温杯 500ml");
  // The name typed before stays (only an unnamed item takes the product's).
  await expect(page.getByTestId("item-name-0")).toHaveValue("不锈钢保温杯");
  await page.getByTestId("activity-price").fill("99.00");
  // P = ¥99.00, N = 10, K = 3 at the default rewards: revenue 3 × P, cash margin ¥0.45 at ¥100 of credit held.
  await expect(page.getByTestId("economics-revenue")).toHaveText("¥297.00");
  await expect(page.getByTestId("economics-cash-margin")).toHaveText("¥0.45");
  await expect(page.getByTestId("projection-chart").getByRole("application")).toBeVisible();
  const totalAt99 = await page.getByTestId("projection-total").textContent();
  await shot(page, testInfo, "activities-02-new-preview");
  await page.getByTestId("projection-numbers").scrollIntoViewIfNeeded();
  await shot(page, testInfo, "activities-02b-projection");

  // Typing a new price recomputes the preview and the projection at once, no save needed.
  await page.getByTestId("activity-price").fill("199.00");
  await expect(page.getByTestId("economics-revenue")).toHaveText("¥597.00");
  await expect(page.getByTestId("projection-total")).not.toHaveText(totalAt99 ?? "");

  // Inline validation, in words, at the field.
  await page.getByTestId("activity-k").fill("10");
  await expect(page.getByText("中奖人数须小于成团人数")).toBeVisible();
  await page.getByTestId("reward-LA-ratio").fill("120");
  await expect(page.getByText("须在 0% – 100% 之间")).toBeVisible();
  await page.getByTestId("activity-price").fill("60000");
  await expect(page.getByText("不能超过 ¥50,000.00（奖品价值上限）")).toBeVisible();
  await shot(page, testInfo, "activities-03-inline-errors");
  await page.getByTestId("activity-save").click();
  await expect(page.getByText("请先修正标红的设置").first()).toBeVisible();
  await expect(page).toHaveURL(/\/admin\/activities\/new$/);

  await page.getByTestId("activity-price").fill("199.00");
  await page.getByTestId("activity-k").fill("3");
  await page.getByTestId("reward-LA-ratio").fill("5");
  await expect(page.getByTestId("economics-revenue")).toHaveText("¥597.00");
  await page.getByTestId("activity-save").click();
  await page.waitForURL(/\/admin\/activities\/[0-9a-f-]{36}$/);
  await expect(page.getByText(`已创建活动「${name}」`)).toBeVisible();
  await expect(page.getByTestId("open-group-notice")).toContainText("第 1 团进行中（0/10 人）");
  await expect(page.getByTestId("activity-price")).toHaveValue("199.00");
  // Read back from the server: the item's product, with its photo.
  const picked = page.getByTestId("item-product-0").getByTestId("item-product-picked");
  await expect(picked).toContainText("真空保温杯 500ml");
  await expect(picked.getByTestId("item-photo")).toHaveAttribute("src", "/store/cup.svg");
  const roomUrl = page.url().replace(/\/admin\/activities\//, "/activities/");
  await shot(page, testInfo, "activities-04-saved");

  // An edit says when it applies.
  await page.getByTestId("activity-name").fill(`${name} 改`);
  await page.getByTestId("activity-save").click();
  await expect(page.getByText("已保存。进行中的团不受影响，修改从第 2 团起生效。")).toBeVisible();

  await nav.getByRole("link", { name: "活动", exact: true }).click();
  const row = page.locator(`[data-testid="activity-row"][data-name="${name} 改"]`);
  await expect(row).toContainText("¥199.00");
  await expect(row).toContainText("10 人团 · 3 人中");
  await expect(row).toContainText("还差 10 人");
  await row.getByRole("button", { name: "暂停" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText(`暂停活动「${name} 改」？`);
  await shot(page, testInfo, "activities-05-pause-confirm");
  await dialog.getByRole("button", { name: "确认暂停" }).click();
  await expect(row).toContainText("已暂停");
  await row.getByRole("button", { name: "恢复" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "确认恢复" }).click();
  await expect(row).toContainText("进行中");

  await row.getByRole("link", { name: "拼团记录" }).click();
  await page.waitForURL("**/admin/groups?activity=*");
  const group = page.getByTestId("group-row").first();
  await expect(group).toContainText("第 1 团");
  await expect(group).toContainText("0/10");
  await group.getByRole("button", { name: "查看证明" }).click();
  await expect(page.getByTestId("proof-drawer")).toContainText("pinpin-draw-v1");
  await expect(page.getByTestId("proof-drawer")).toContainText("开奖后公开");

  // Shoppers see the product's photo on the new activity's room.
  await page.goto(roomUrl);
  await expect(page.getByTestId("item-photo").first()).toHaveAttribute("src", "/store/cup.svg");
});

test("operator in en: an unnamed item takes the picked product's name; the picker in English", async ({ page, baseURL }, testInfo) => {
  test.setTimeout(120_000);
  await signInThroughForm(page, DEMO.operator, { path: "/admin/login" });
  await page.waitForURL("**/admin");
  await page.context().addCookies([{ name: "NEXT_LOCALE", value: "en", url: baseURL! }]);
  await page.goto("/admin/activities/new");
  await page.getByRole("button", { name: "Add item" }).click();
  await page.getByTestId("item-product-search-1").fill("耳机");
  const earbuds = page.getByRole("option").filter({ hasText: "无线降噪耳机" });
  // (The search waits for a pause in typing, then asks the server: on a busy machine that can take a while.)
  await expect(earbuds).toContainText("Store price ¥", { timeout: 20_000 });
  await shot(page, testInfo, "activities-08-product-picker-en");
  await page.getByTestId("item-product-search-1").press("Enter");
  await expect(page.getByTestId("item-product-1").getByTestId("item-product-picked")).toContainText("无线降噪耳机");
  await expect(page.getByTestId("item-name-1")).toHaveValue("无线降噪耳机");
  await expect(page.getByTestId("item-product-1")).toContainText("The prize shows this product's first photo");
  // A voucher stands for no product: switching the kind unlinks it.
  await page.getByTestId("activity-item").nth(1).getByRole("combobox", { name: "Kind" }).selectOption("voucher");
  await expect(page.getByTestId("item-product-1")).toHaveCount(0);
  await shot(page, testInfo, "activities-09-items-en");
});

test("groups: a dissolved group shows how full it got, why it closed and what it refunded, in staff words", async ({ page, baseURL }, testInfo) => {
  test.setTimeout(120_000);
  await signInThroughForm(page, DEMO.operator, { path: "/admin/login" });
  await page.waitForURL("**/admin");
  await page.goto("/admin/groups");
  await page.getByRole("tab", { name: "已解散" }).click();
  // The seeded 3-seat activity: a group left short timed out; others were dissolved by their rules.
  const timedOut = page.getByTestId("group-row").filter({ hasText: "超时未满员" }).filter({ hasText: "已退款" }).filter({ hasText: "降噪耳机 3人团" }).first();
  await expect(timedOut.getByTestId("group-seats")).toContainText(/^[12]\/3 人/);
  await expect(timedOut.getByTestId("group-seats")).toContainText("已退款 ¥");
  const conflict = page.getByTestId("group-row").filter({ hasText: "可中奖人数不足" }).first();
  await expect(conflict.getByTestId("group-seats")).toContainText("3/3 人");
  await shot(page, testInfo, "activities-10-groups-dissolved");

  await page.context().addCookies([{ name: "NEXT_LOCALE", value: "en", url: baseURL! }]);
  await page.reload();
  await page.getByRole("tab", { name: "Dissolved" }).click();
  const timedOutEn = page.getByTestId("group-row").filter({ hasText: "Timed out before filling" }).filter({ hasText: "Refunded" }).filter({ hasText: "降噪耳机 3人团" }).first();
  await expect(timedOutEn.getByTestId("group-seats")).toContainText(/^[12]\/3/);
  await expect(timedOutEn.getByTestId("group-seats")).toContainText("Refunded ¥");
  await shot(page, testInfo, "activities-11-groups-dissolved-en");
});

test("groups: a drawn group with its winner and its revealed seed", async ({ page }, testInfo) => {
  const activityName = await arrangeDrawnGroup();
  await signInThroughForm(page, DEMO.operator, { path: "/admin/login" });
  await page.waitForURL("**/admin");
  await page.getByRole("navigation").getByRole("link", { name: "拼团", exact: true }).click();
  await page.getByRole("tab", { name: "已开奖" }).click();
  const drawn = page.getByTestId("group-row").filter({ hasText: activityName }).first();
  await expect(drawn).toContainText("已开奖");
  await expect(drawn).toContainText("2/2");
  await expect(drawn).toContainText(/#[12] 测试[甲乙]/);
  await shot(page, testInfo, "activities-06-groups");
  await drawn.getByRole("button", { name: "查看证明" }).click();
  const drawer = page.getByTestId("proof-drawer");
  await expect(drawer).toContainText("中奖");
  await expect(drawer).not.toContainText("开奖后公开");
  await shot(page, testInfo, "activities-07-proof-drawer");
});
