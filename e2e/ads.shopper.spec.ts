import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { desc, eq } from "drizzle-orm";
import { createDb } from "../db/client";
import { adSets, adViews, users } from "../db/schema";
import { postTransfers } from "../server/domain/ledger";
import { businessDay, businessDayBounds } from "../server/domain/shared/business-day";
import { systemClock } from "../server/domain/shared/clock";
import { DEMO, DEMO_PASSWORD, signInThroughForm } from "./helpers/accounts";
import { newPhone, signUpFresh } from "./helpers/group-draw";
import { shot } from "./helpers/screens";

/**
 * 赚钱 (spec §6): 赵敏 (300 mall points at seeding, so in the ≥ 200 tier of scripts/seed/seed-ads.ts) sees every
 * tier and rule, closes one ad (forfeited), then watches the set of 4 to its reward. Ads last 30 s on
 * the SERVER's clock, so each one is waited out by moving the e2e server's clock (/api/e2e/clock) and
 * the page's fake clock by the same amount, the server first: it refuses a completion before then.
 */
const HAN = /[\u3400-\u9fff]/;

/**
 * Once more if the server dropped the connection: Playwright's request context reuses a kept-alive
 * socket that Node may close at that moment when it has sat idle (seen as ECONNRESET on the clock).
 */
async function once<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (!String(e).includes("ECONNRESET")) throw e;
    return call();
  }
}

async function advanceClocks(page: Page, request: APIRequestContext, seconds: number): Promise<void> {
  const read = await once(() => request.get("/api/e2e/clock"));
  expect(read.ok(), await read.text()).toBe(true);
  const { now } = (await read.json()) as { now: string };
  const moved = await once(() => request.put("/api/e2e/clock", { data: { at: new Date(Date.parse(now) + seconds * 1000).toISOString() } }));
  expect(moved.ok(), await moved.text()).toBe(true);
  await page.clock.fastForward(seconds * 1000);
}

/** Straight from the e2e database: the statuses of the views of the shopper's latest set. */
async function latestSetViews(phone: string): Promise<{ status: string; viewsDone: number; views: string[] }> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set");
  const handle = createDb(url, { max: 1 });
  try {
    const { db } = handle;
    const [set] = await db
      .select({ id: adSets.id, status: adSets.status, viewsDone: adSets.viewsDone })
      .from(adSets)
      .innerJoin(users, eq(users.id, adSets.userId))
      .where(eq(users.phone, phone))
      .orderBy(desc(adSets.createdAt))
      .limit(1);
    if (!set) throw new Error("no ad set");
    const views = await db.select({ status: adViews.status }).from(adViews).where(eq(adViews.setId, set.id)).orderBy(adViews.openedAt);
    return { status: set.status, viewsDone: set.viewsDone, views: views.map((v) => v.status) };
  } finally {
    await handle.close();
  }
}

/** Straight on the e2e database: mall points for a shopper, as a store purchase would have given them. */
async function giveMallPoints(phone: string, points: number): Promise<void> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set");
  const handle = createDb(url, { max: 1 });
  try {
    const { db } = handle;
    const [user] = await db.select({ id: users.id }).from(users).where(eq(users.phone, phone));
    if (!user) throw new Error("shopper not found");
    await db.transaction((tx) =>
      postTransfers(tx, systemClock, [{ key: `e2e-ads:${user.id}:mallPoints`, asset: "mallPoints", from: { platform: "rewards_expense" }, to: { userId: user.id }, amount: points, reason: "seed", ref: { type: "test", id: user.id } }]),
    );
  } finally {
    await handle.close();
  }
}

/** The set must start and finish on one business day: a run minutes before midnight (Beijing) starts just after it. */
async function clearOfMidnight(request: APIRequestContext): Promise<void> {
  const { now } = (await (await once(() => request.get("/api/e2e/clock"))).json()) as { now: string };
  const bounds = businessDayBounds(businessDay(new Date(now)));
  if (!bounds || bounds.end.getTime() - Date.parse(now) > 10 * 60_000) return;
  const moved = await once(() => request.put("/api/e2e/clock", { data: { at: new Date(bounds.end.getTime() + 60_000).toISOString() } }));
  expect(moved.ok(), await moved.text()).toBe(true);
}

test.afterEach(async ({ request }) => {
  await once(() => request.delete("/api/e2e/clock"));
});

test("赚钱: the tier table and rules up front, a closed ad is forfeited, a set of 4 pays ¥1.80 for 2 points, then done for today", async ({ page, request }, testInfo) => {
  test.setTimeout(180_000);
  await clearOfMidnight(request);
  await page.clock.install();

  // Signed out: what the tab does, and a way in that comes back here.
  await page.goto("/earn");
  await expect(page.getByTestId("earn-signed-out")).toContainText("看广告，商城积分换零钱");
  const signInLink = page.getByRole("link", { name: "登录后开始" });
  await expect(signInLink).toHaveAttribute("href", "/login?next=%2Fearn");
  await shot(page, testInfo, "ads-00-signed-out");
  await signInThroughForm(page, DEMO.zhaoMin, { path: "/login?next=%2Fearn" });
  await page.waitForURL("**/earn");

  // Before starting: balance, today's sets, every tier with hers marked, the rules and the past sets.
  await expect(page.getByRole("heading", { name: "赚钱", level: 1 })).toBeVisible();
  const pointsBefore = Number((await page.getByTestId("earn-points").innerText()).replace(/,/g, ""));
  expect(pointsBefore).toBeGreaterThanOrEqual(200);
  expect(pointsBefore).toBeLessThan(1000);
  await expect(page.getByTestId("earn-sets-left")).toHaveText("今日剩余 1 组");
  await expect(page.getByTestId("earn-my-tier")).toHaveText("我的档位：200 – 999 积分");
  const rows = page.getByTestId("tier-row");
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toHaveAttribute("aria-label", "积分 1 – 199：看完一组得 ¥1.00，消耗 1 积分");
  await expect(rows.nth(1)).toHaveAttribute("aria-label", "积分 200 – 999：看完一组得 ¥1.80，消耗 2 积分");
  await expect(rows.nth(2)).toHaveAttribute("aria-label", "积分 ≥ 1,000：看完一组得 ¥4.00，消耗 5 积分");
  await expect(page.locator('[data-testid="tier-row"][data-mine="true"]')).toHaveCount(1);
  await expect(rows.nth(1)).toHaveAttribute("data-mine", "true");
  await expect(rows.nth(1)).toContainText("我的档位");
  const rules = page.getByTestId("earn-rules");
  await expect(rules).toContainText("每组 4 段广告，每天最多完成 1 组。");
  await expect(rules).toContainText("时间以服务器时钟为准");
  await expect(rules).toContainText("中途关闭广告，这一段作废，本组需多看一段。");
  await expect(rules).toContainText("直接邀请人 5%，间接邀请人 2%");
  await expect(page.getByTestId("referral-link")).toHaveAttribute("href", "/referral");
  await expect(page.getByTestId("referral-link")).toContainText("邀请好友赚佣金");
  // 赵敏 has not cashed out before (the seeded history belongs to 李雷 and 韩梅梅).
  const pastSets = await page.getByTestId("earn-history-line").count();
  expect(pastSets).toBe(0);
  await shot(page, testInfo, "ads-01-earn");
  await page.getByTestId("earn-history").scrollIntoViewIfNeeded();
  await shot(page, testInfo, "ads-02-rules-history");
  await page.evaluate(() => window.scrollTo(0, 0));

  // Start: the first ad, its countdown by the server's clock, the set's progress.
  await page.getByRole("button", { name: "开始看广告" }).click();
  const player = page.getByRole("dialog", { name: "广告播放" });
  await expect(player).toBeVisible();
  await expect(player.getByTestId("ad-progress")).toHaveText("第 1/4 段");
  await expect(player.getByRole("timer")).toHaveText(/^\d+ 秒$/);
  await expect(player.getByRole("img")).toBeVisible();
  await expect(player.getByTestId("ad-sponsor")).toContainText("星河饮品");
  await advanceClocks(page, request, 12);
  await expect(player.getByRole("timer")).toHaveText(/^1[5-8] 秒$/);
  await shot(page, testInfo, "ads-03-player-mid-ad");

  // Closing asks first; confirmed, that ad is forfeited and the set still needs 4 completed ads.
  await player.getByRole("button", { name: "关闭广告" }).click();
  const confirm = page.getByRole("alertdialog", { name: "关闭这段广告？" });
  await expect(confirm).toContainText("关闭将放弃这段广告，本组需多看一段。");
  await shot(page, testInfo, "ads-04-close-confirm");
  await confirm.getByRole("button", { name: "关闭", exact: true }).click();
  await expect(player).toBeHidden();
  await expect(page.getByText("已放弃这段广告，本组还需看 4 段")).toBeVisible();
  const resume = page.getByRole("button", { name: "继续看广告 (0/4)" });
  await expect(resume).toBeVisible();
  expect(await latestSetViews(DEMO.zhaoMin)).toEqual({ status: "watching", viewsDone: 0, views: ["forfeited"] });
  await shot(page, testInfo, "ads-05-forfeited");

  // Four ads to the end, each waited out on both clocks; a reload mid-ad resumes the same ad.
  await resume.click();
  for (let n = 1; n <= 4; n++) {
    await expect(player.getByTestId("ad-progress")).toHaveText(`第 ${n}/4 段`);
    await expect(player.getByRole("timer")).toHaveText(/^\d+ 秒$/);
    if (n === 2) {
      await advanceClocks(page, request, 10);
      await page.reload();
      await expect(player.getByTestId("ad-progress")).toHaveText("第 2/4 段");
      await expect(player.getByRole("timer")).toHaveText(/^(1\d|2[01]) 秒$/);
      await advanceClocks(page, request, 21);
    } else {
      await advanceClocks(page, request, 31);
    }
  }

  // The reward, in numbers, on top of everything.
  const reward = player.getByTestId("ad-reward");
  await expect(reward).toBeVisible();
  await expect(reward.getByTestId("ad-reward-amount")).toHaveText("¥1.80 已到零钱");
  await expect(reward.getByTestId("ad-reward-points")).toHaveText("消耗 2 积分");
  await expect(player.getByTestId("ad-progress")).toHaveText("第 4/4 段");
  expect(await latestSetViews(DEMO.zhaoMin)).toEqual({ status: "completed", viewsDone: 4, views: ["forfeited", "completed", "completed", "completed", "completed"] });
  await shot(page, testInfo, "ads-06-reward");

  // The wallet shows the cash-out with its reason, and the points it cost.
  await reward.getByRole("link", { name: "查看零钱" }).click();
  await page.waitForURL("**/wallet");
  await expect(page.getByTestId("history-line").filter({ hasText: "看广告领零钱" }).first()).toContainText("+¥1.80");
  await expect(page.getByTestId("history-line").filter({ hasText: "看广告消耗积分" }).first()).toContainText("-2");
  await shot(page, testInfo, "ads-07-wallet");

  // 赚钱 again: done for today, until midnight Beijing time; the new set leads the history.
  await page.goto("/earn");
  await expect(page.getByTestId("earn-done")).toContainText("今天的广告已看完");
  await expect(page.getByTestId("earn-done")).toContainText("明天 00:00（北京时间）重置");
  await expect(page.getByTestId("earn-done").getByRole("timer")).toHaveText(/^\d{2}:\d{2}:\d{2}$/);
  await expect(page.getByTestId("earn-sets-left")).toHaveText("今日剩余 0 组");
  await expect(page.getByTestId("earn-points")).toHaveText(String(pointsBefore - 2).replace(/\B(?=(\d{3})+(?!\d))/g, ","));
  await expect(page.getByRole("button", { name: "开始看广告" })).toHaveCount(0);
  await expect(page.getByTestId("earn-history-line")).toHaveCount(pastSets + 1);
  await expect(page.getByTestId("earn-history-line").first()).toContainText("+¥1.80");
  await shot(page, testInfo, "ads-08-done-today");

  // In English: the same page, nothing Chinese left.
  await page.goto("/me");
  await page.getByRole("radio", { name: "English" }).click();
  await expect(page.getByRole("heading", { name: "Me", level: 1 })).toBeVisible();
  await page.goto("/earn");
  await expect(page.getByTestId("earn-done")).toContainText("Done for today");
  await expect(page.getByTestId("earn-sets-left")).toHaveText("No sets left today");
  await expect(page.getByTestId("earn-my-tier")).toHaveText("My tier: 200 – 999 points");
  await expect(page.getByTestId("tier-row").nth(1)).toHaveAttribute("aria-label", "Points 200 – 999: ¥1.80 per set, costs 2 points");
  await expect(page.getByTestId("earn-rules")).toContainText("4 ads per set, at most 1 set a day.");
  expect(await page.locator("body").innerText()).not.toMatch(HAN);
  await shot(page, testInfo, "ads-en-01-earn");
  await page.getByTestId("earn-history").scrollIntoViewIfNeeded();
  await shot(page, testInfo, "ads-en-02-rules-history");
  await page.goto("/me");
  await page.getByRole("radio", { name: "简体中文" }).click();
  await expect(page.getByRole("heading", { name: "我的", level: 1 })).toBeVisible();
});

test("赚钱 without mall points says how to get them; a set in progress on one phone blocks another", async ({ page, browser, baseURL }, testInfo) => {
  test.setTimeout(120_000);
  const phone = await signUpFresh(page);
  await page.goto("/earn");
  const noPoints = page.getByTestId("earn-no-points");
  await expect(noPoints).toContainText("商城积分不足");
  await expect(noPoints).toContainText("最低档需要 1 积分，你现在有 0 积分。在商城购物即可获得商城积分。");
  await expect(noPoints.getByRole("link", { name: "去商城逛逛" })).toHaveAttribute("href", "/store");
  await expect(page.getByTestId("earn-my-tier")).toHaveText("未达最低档（1 积分）");
  await expect(page.locator('[data-testid="tier-row"][data-mine="true"]')).toHaveCount(0);
  await expect(page.getByTestId("earn-history")).toContainText("还没有领取记录");
  await shot(page, testInfo, "ads-09-no-points");

  // With 50 points: the lowest tier is hers. She starts on this phone…
  await giveMallPoints(phone, 50);
  await page.reload();
  await expect(page.getByTestId("tier-row").nth(0)).toHaveAttribute("data-mine", "true");
  await page.getByRole("button", { name: "开始看广告" }).click();
  await expect(page.getByRole("dialog", { name: "广告播放" }).getByRole("timer")).toBeVisible();

  // …so on another phone the set cannot start or resume, and says where it is.
  const other = await newPhone(browser, baseURL);
  try {
    await signInThroughForm(other.page, phone, { password: `${DEMO_PASSWORD}x` });
    await other.page.waitForURL("**/me");
    await other.page.goto("/earn");
    const blocked = other.page.getByTestId("earn-other-device");
    await expect(blocked).toContainText("正在另一台设备上观看");
    await expect(blocked).toContainText("这一组已看 0/4 段");
    await expect(other.page.getByRole("button", { name: /看广告/ })).toHaveCount(0);
    await shot(other.page, testInfo, "ads-10-other-device");
  } finally {
    await other.context.close();
  }
});
