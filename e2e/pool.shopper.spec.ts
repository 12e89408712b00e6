import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { eq, gt } from "drizzle-orm";
import { createDb } from "../db/client";
import { poolHoldings, users } from "../db/schema";
import { postTransfers } from "../server/domain/ledger";
import { movePoolPoints } from "../server/domain/pool/move-pool-points";
import { FixedClock } from "../server/domain/shared/clock";
import { DEMO, signInThroughForm } from "./helpers/accounts";
import { signUpFresh } from "./helpers/group-draw";
import { shot } from "./helpers/screens";

/**
 * The dividend pool (spec §5) through a month: days 1–5 (in and out), 6–24 (in only), 25+ (frozen,
 * finance settles the month's profit once). The calendar decides, so the spec moves the e2e server's
 * clock (/api/e2e/clock) and the pages' own, in Shanghai wall time.
 */
/**
 * The month after this one (Shanghai), so the server's clock only ever moves forward: an entry
 * stamped in a day the nightly dashboard snapshot has already closed would (rightly) show as a
 * reconciliation difference.
 */
const MONTH = (() => {
  const [y, m] = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit" }).format(new Date()).split("-").map(Number) as [number, number];
  return m === 12 ? { year: y + 1, month: 1 } : { year: y, month: m + 1 };
})();
const YM = `${MONTH.year}-${String(MONTH.month).padStart(2, "0")}`;
const ZH_MONTH = `${MONTH.year}年${MONTH.month}月`;
const OPEN_DAY = `${YM}-03T10:00:00+08:00`;
const IN_ONLY_DAY = `${YM}-10T10:00:00+08:00`;
const FROZEN_DAY = `${YM}-26T10:00:00+08:00`;

const yuan = (fen: number) => `¥${(fen / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

async function moveClocks(request: APIRequestContext, pages: Page[], at: string): Promise<void> {
  const res = await request.put("/api/e2e/clock", { data: { at } });
  expect(res.ok(), await res.text()).toBe(true);
  for (const page of pages) await page.clock.setSystemTime(new Date(at));
}

/**
 * Straight on the e2e database: the shopper's dividend points, and another holder with 100 points in
 * the pool. Returns every holding then in the pool (the demo history's holders are there too).
 */
async function arrangePool(shopperPhone: string): Promise<number[]> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set");
  const handle = createDb(url, { max: 2 });
  const clock = new FixedClock(OPEN_DAY);
  try {
    const { db } = handle;
    const [shopper] = await db.select({ id: users.id }).from(users).where(eq(users.phone, shopperPhone));
    if (!shopper) throw new Error("shopper not found");
    const phone = `135${String(Date.now()).slice(-8)}`;
    const [other] = await db.insert(users).values({ phone, passwordHash: "x", displayName: "池友", referralCode: `P${randomUUID().slice(0, 8)}`.toUpperCase(), createdAt: clock.now() }).returning();
    if (!other) throw new Error("no user");
    await db.transaction(async (tx) => {
      // As W-B would have paid them: 500 points to the shopper, 100 to the other holder.
      await postTransfers(tx, clock, [
        { key: `e2e-pool:${shopper.id}`, asset: "divPoints", from: { platform: "rewards_expense" }, to: { userId: shopper.id }, amount: 500, reason: "draw.W-B", ref: { type: "test", id: shopper.id } },
        { key: `e2e-pool:${other.id}`, asset: "divPoints", from: { platform: "rewards_expense" }, to: { userId: other.id }, amount: 100, reason: "draw.W-B", ref: { type: "test", id: other.id } },
      ]);
      await movePoolPoints(tx, clock, { userId: other.id, direction: "in", points: 100, moveId: randomUUID() });
    });
    return (await db.select({ points: poolHoldings.points }).from(poolHoldings).where(gt(poolHoldings.points, 0))).map((h) => h.points);
  } finally {
    await handle.close();
  }
}

test.afterEach(async ({ request }) => {
  await request.delete("/api/e2e/clock");
});

test("pool through a month: move in by hundreds, out refused after day 5, finance settles once, the payout reaches pool history and wallet", async ({ page, browser, baseURL, request }, testInfo) => {
  test.setTimeout(180_000);
  await moveClocks(request, [page], OPEN_DAY);
  const phone = await signUpFresh(page);
  // The month's profit, ¥1,000.00 at the default 100 %, shared by points and rounded down once each
  // (spec §5): computed here on its own from the holdings, the shopper's 200 among them.
  const held = [...(await arrangePool(phone)), 200];
  const total = held.reduce((a, b) => a + b, 0);
  const shareOf = (points: number) => Math.floor((100_000 * points) / total);
  const mine = yuan(shareOf(200));
  const paid = held.reduce((a, p) => a + shareOf(p), 0);
  const moveIn = async (points: string) => {
    await page.getByLabel("积分（整百）").fill(points);
    await page.getByRole("button", { name: "转入积分池" }).click();
  };
  const expectPoints = async (inPool: string, outside: string) => {
    await expect(page.getByTestId("pool-my-points")).toHaveText(inPool);
    await expect(page.getByTestId("pool-div-points")).toHaveText(outside);
  };

  // 我的 → 积分池: day 3 is open; the next phase (in only) starts on the 6th at 00:00, 2 days 14 hours away.
  await page.getByRole("link", { name: "积分池" }).click();
  await page.waitForURL("**/pool");
  await expect(page.getByRole("heading", { name: "积分池", level: 1 })).toBeVisible();
  const phase = page.getByTestId("pool-phase");
  await expect(phase).toContainText("开放期：可转入转出");
  await expect(phase).toContainText(`${ZH_MONTH}6日`);
  await expect(phase).toContainText(/剩余 2 天 13:59:\d\d/);
  await expectPoints("0", "500");
  await shot(page, testInfo, "pool-01-open");

  // 150 is not a whole hundred: refused in words, nothing moves.
  await moveIn("150");
  await expect(page.getByText("须为整百积分：100、200、300……")).toBeVisible();
  await expectPoints("0", "500");
  await shot(page, testInfo, "pool-02-not-hundreds");

  // 200 goes in: a share of 200 / all points in the pool, rounded down to 0.01 %.
  await moveIn("200");
  await expect(page.getByText("已转入 200 积分")).toBeVisible();
  await expectPoints("200", "300");
  await expect(page.getByTestId("pool-share")).toHaveText(`${(Math.floor((200 * 10_000) / total) / 100).toFixed(2)}%`);
  await expect(page.getByTestId("pool-total-points")).toHaveText(String(total));
  await expect(page.getByTestId("pool-history-line").first()).toContainText("转入");
  await expect(page.getByTestId("pool-history-line").first()).toContainText("+200");
  await shot(page, testInfo, "pool-03-moved-in");

  // Day 10: in only. Moving out is refused with its reason, before anything is sent.
  await moveClocks(request, [page], IN_ONLY_DAY);
  await page.reload();
  await expect(phase).toContainText("仅可转入");
  await expect(phase).toContainText(`${ZH_MONTH}25日`);
  await page.getByRole("tab", { name: "转出" }).click();
  await expect(page.getByText("仅每月 1–5 日可转出。")).toBeVisible();
  await expect(page.getByLabel("积分（整百）")).toBeDisabled();
  await expect(page.getByRole("button", { name: "转出积分池" })).toBeDisabled();
  await expect(page.getByTestId("pool-my-points")).toHaveText("200");
  await shot(page, testInfo, "pool-04-out-refused");

  // Day 26: frozen. Finance enters the month's profit, ¥1,000.00 at the default 100%, and settles.
  await moveClocks(request, [page], FROZEN_DAY);
  await page.reload();
  await expect(phase).toContainText("结算期：已冻结");
  await expect(page.getByRole("button", { name: "转入积分池" })).toBeDisabled();
  await shot(page, testInfo, "pool-05-frozen");

  const consoleContext = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  try {
    const admin = await consoleContext.newPage();
    await admin.clock.setSystemTime(new Date(FROZEN_DAY));
    await signInThroughForm(admin, DEMO.finance, { path: "/admin/login" });
    await admin.waitForURL("**/admin");
    await admin.getByRole("link", { name: "积分池" }).click();
    await admin.waitForURL("**/admin/pool");
    const state = admin.getByTestId("pool-state");
    await expect(state).toContainText(YM);
    await expect(state).toContainText("结算期：已冻结");
    await expect(state).toContainText(String(total));
    await admin.getByLabel("本月可分配利润（元）").fill("1000");
    await admin.getByRole("button", { name: "执行结算" }).click();
    const dialog = admin.getByRole("alertdialog", { name: "执行结算" });
    await expect(dialog).toContainText(`确定向 ${held.length} 位持有人（共 ${total} 池内积分）发放 ${YM} 的分红：¥1,000.00 × 100.00%？`);
    await shot(admin, testInfo, "pool-06-console-confirm");
    await dialog.getByRole("button", { name: "确认" }).click();
    // Each share rounded down; what the rounding leaves stays with the platform.
    await expect(admin.getByText(`结算完成：发放 ${yuan(paid)}，余数 ${yuan(100_000 - paid)}。`)).toBeVisible();
    const run = admin.getByTestId("pool-run").filter({ hasText: YM });
    await expect(run).toHaveCount(1);
    await expect(run).toContainText("已完成");
    await expect(run).toContainText(yuan(paid));
    await shot(admin, testInfo, "pool-07-console-settled");

    // A second run for the month pays nothing: the run key is the month.
    await admin.getByLabel("本月可分配利润（元）").fill("2000");
    await admin.getByRole("button", { name: "执行结算" }).click();
    await dialog.getByRole("button", { name: "确认" }).click();
    await expect(admin.getByText("本月已结算，未做任何更改。")).toBeVisible();
    await expect(run).toHaveCount(1);
    await expect(run).toContainText(yuan(paid));
    await shot(admin, testInfo, "pool-08-console-second-run");
  } finally {
    await consoleContext.close();
  }

  // The shopper: the profit share in the pool's history, points still in the pool, cash in the wallet.
  await page.reload();
  const settlement = page.getByTestId("pool-history-line").filter({ hasText: `${YM} 利润分红` });
  await expect(settlement).toContainText(`+${mine}`);
  await expect(page.getByTestId("pool-my-points")).toHaveText("200");
  await expect(page.getByText(`预计分红：${mine}（按 ${YM} 的利润和当前占比估算）。`)).toBeVisible();
  await shot(page, testInfo, "pool-09-settled");
  await page.goto("/wallet");
  await expect(page.getByTestId("balance-cash")).toContainText(mine);
  await expect(page.getByTestId("history-line").filter({ hasText: "积分池分红" }).first()).toContainText(`+${mine}`);
  await shot(page, testInfo, "pool-10-wallet");

  // Once in English: the pool and the wallet, no Chinese left but user-entered names.
  await page.goto("/me");
  await page.getByRole("radio", { name: "English" }).click();
  await expect(page.getByRole("heading", { name: "Me", level: 1 })).toBeVisible();
  await page.goto("/pool");
  await expect(phase).toContainText("Frozen for settlement");
  await expect(page.getByTestId("pool-history-line").filter({ hasText: `Profit share ${YM}` })).toContainText(`+${mine}`);
  expect(await page.locator("body").innerText()).not.toMatch(/[\u3400-\u9fff]/);
  await shot(page, testInfo, "pool-en-01-pool");
  await page.goto("/wallet");
  await expect(page.getByTestId("history-line").filter({ hasText: "Dividend pool profit share" }).first()).toContainText(`+${mine}`);
  await shot(page, testInfo, "pool-en-02-wallet");
  await page.goto("/me");
  await page.getByRole("radio", { name: "简体中文" }).click();
  await expect(page.getByRole("heading", { name: "我的", level: 1 })).toBeVisible();
});
