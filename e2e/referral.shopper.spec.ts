import { writeFile } from "node:fs/promises";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { eq } from "drizzle-orm";
import { users } from "../db/schema";
import { createActivity } from "../server/domain/activities/create-activity";
import { DEFAULT_ACTIVITY_CONFIG } from "../server/domain/shared/activity-config";
import { postTransfers } from "../server/domain/ledger";
import { maskName } from "../server/domain/users/mask-name";
import { DEMO } from "./helpers/accounts";
import { enterTextedCode } from "./helpers/sms";
import { joinThroughRoom, newPhone, signIn, signUpFresh, topUpThroughSandbox, uniquePhone } from "./helpers/group-draw";
import { onDb } from "./helpers/on-db";
import { shot } from "./helpers/screens";

/**
 * The referral centre (spec §6, §9) end to end: a new marketer copies their link; a new shopper signs
 * up through it in another browser and joins a group; the marketer's centre shows the new level-1
 * member and, after the draw, the referral release it earned.
 *
 * The group is one of this spec's own activity (2 seats, 1 winner, rule 2 "new user, first in line"
 * on, L1 release a fixed ¥3.00): both shoppers are new, the marketer sits first and is ineligible, so
 * the draw is decided without luck — the new shopper wins and the marketer, a valid promoter since
 * their own entry, gets the release.
 */
const ACTIVITY = `推广测试 2人团 ${Date.now() % 100_000}`;

/** The spec's activity, created by the demo owner through the domain (as the console would). */
async function arrangeActivity(): Promise<string> {
  return onDb(async (db, clock) => {
    const [owner] = await db.select({ id: users.id }).from(users).where(eq(users.phone, DEMO.owner));
    if (!owner) throw new Error("no owner");
    const config = {
      ...DEFAULT_ACTIVITY_CONFIG,
      rules: { ...DEFAULT_ACTIVITY_CONFIG.rules, newUser: { on: true } },
      referral: { L1: { on: true, mode: "fixed", amountFen: 300, ratioBp: 0 }, L2: { on: false, mode: "fixed", amountFen: 0, ratioBp: 0 } },
    };
    const { id } = await db.transaction((tx) =>
      createActivity(tx, clock, { id: owner.id, role: "owner", ip: "127.0.0.1" }, {
        name: ACTIVITY, priceFen: 1000, groupSize: 2, winners: 1, opensAt: new Date(clock.now().getTime() - 3600_000), closesAt: null,
        items: [{ kind: "voucher", name: "¥10 购物券", priceFen: 1000 }], config,
      }),
    );
    return id;
  });
}

/** The marketer's opening balances: cash to join with, and credit (购物金) for a referral release to move. */
async function fundMarketer(phone: string): Promise<void> {
  await onDb(async (db, clock) => {
    const [u] = await db.select({ id: users.id }).from(users).where(eq(users.phone, phone));
    if (!u) throw new Error("marketer not found");
    const ref = { type: "test", id: u.id };
    await db.transaction((tx) =>
      postTransfers(tx, clock, [
        { key: `e2e-referral:${u.id}:cash`, asset: "cash", from: { platform: "opening_balances" }, to: { userId: u.id }, amount: 50_00, reason: "seed", ref },
        { key: `e2e-referral:${u.id}:credit`, asset: "credit", from: { platform: "opening_balances" }, to: { userId: u.id }, amount: 20_00, reason: "seed", ref },
      ]),
    );
  });
}

const displayNameOf = (phone: string) => onDb(async (db) => (await db.select({ name: users.displayName }).from(users).where(eq(users.phone, phone)))[0]?.name ?? "");

test.afterEach(async ({ request }) => {
  await request.delete("/api/e2e/clock");
});

test("a marketer's link brings a new shopper; the referral centre shows the member and, after the draw, the release it earned", async ({ browser, baseURL, request }, testInfo) => {
  test.setTimeout(300_000);
  const activityId = await arrangeActivity();
  const roomUrl = `/activities/${activityId}`;

  // Signed out: the centre asks to sign in first, and the poster is refused.
  const visitor = await newPhone(browser, baseURL);
  await visitor.page.goto("/referral");
  await visitor.page.waitForURL(/\/login\?next=%2Freferral$/);
  expect((await visitor.page.request.get("/api/referral/poster")).status()).toBe(401);
  await visitor.context.close();

  // The marketer: a new account, reaching the centre from 我的; copies the link.
  const marketer = await newPhone(browser, baseURL);
  await marketer.context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const marketerPhone = await signUpFresh(marketer.page);
  await fundMarketer(marketerPhone);
  await marketer.page.getByRole("link", { name: "推广中心" }).click();
  await marketer.page.waitForURL("**/referral");
  await expect(marketer.page.getByTestId("promoter-status")).toHaveText("你还不是推广员");
  await expect(marketer.page.getByTestId("binding-rules")).toContainText("绑定只在注册那一刻发生一次");
  const link = (await marketer.page.getByTestId("invite-link").innerText()).trim();
  expect(link).toMatch(/\/r\/[A-Z0-9]+$/);
  await marketer.page.getByRole("button", { name: "复制链接" }).click();
  expect(await marketer.page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  // The poster: a PNG drawn on the server, for the activity picked, with a download link.
  await marketer.page.getByTestId("poster-item").selectOption({ label: `拼团 · ${ACTIVITY} · ¥10.00` });
  const poster = marketer.page.getByTestId("poster-image");
  await expect(poster).toHaveAttribute("src", new RegExp(`item=activity%3A${activityId}`));
  await expect.poll(() => poster.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(750);
  const png = await marketer.page.request.get((await poster.getAttribute("src"))!);
  expect(png.headers()["content-type"]).toBe("image/png");
  await expect(marketer.page.getByTestId("poster-download")).toHaveAttribute("href", /download=1$/);
  await shot(marketer.page, testInfo, "referral-01-centre-new");

  // The marketer joins first (their first entry ever: valid promoter from now on, 2 days).
  await joinThroughRoom(marketer.page, roomUrl);
  await expect(marketer.page.getByTestId("my-status")).toContainText("座位 1");

  // A new shopper opens the copied link in another browser, signs up through it (bound to the marketer), tops up and joins.
  const friend = await newPhone(browser, baseURL);
  const friendPhone = uniquePhone();
  await friend.page.goto(new URL(link).pathname);
  await expect(friend.page.getByTestId("inviter")).toBeVisible();
  await friend.page.getByLabel("手机号").fill(friendPhone);
  await enterTextedCode(friend.page, friendPhone);
  await friend.page.getByLabel("密码", { exact: true }).fill("pinpin123x");
  await friend.page.getByRole("button", { name: "注册并登录" }).click();
  await friend.page.waitForURL("**/me");
  await topUpThroughSandbox(friend.page, 20);
  await joinThroughRoom(friend.page, roomUrl);

  // The marketer's centre: the new level-1 member (masked), and once the group is drawn, the release.
  const masked = maskName(await displayNameOf(friendPhone));
  await expect(async () => {
    await marketer.page.goto("/referral");
    await expect(marketer.page.getByTestId("earned-release")).toContainText("¥3.00", { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await expect(marketer.page.getByTestId("downline-tab-1")).toContainText("1 人");
  await expect(marketer.page.getByTestId("downline-1").getByTestId("downline-member")).toHaveCount(1);
  await expect(marketer.page.getByTestId("downline-1")).toContainText(masked);
  await expect(marketer.page.getByTestId("earnings-total")).toHaveText("¥3.00");
  const line = marketer.page.getByTestId("earning-line").first();
  await expect(line).toContainText(`中奖释放 · ${ACTIVITY}`);
  await expect(line).toContainText(`${masked} · 一级`);
  await expect(line).toContainText("+¥3.00");
  await expect(marketer.page.getByTestId("promoter-status")).toContainText("有效期至");
  await shot(marketer.page, testInfo, "referral-02-centre-earned");
  await marketer.page.getByTestId("earnings-summary").scrollIntoViewIfNeeded();
  await shot(marketer.page, testInfo, "referral-03-centre-earnings");
  await marketer.page.getByTestId("earnings-history").scrollIntoViewIfNeeded();
  await shot(marketer.page, testInfo, "referral-04-centre-history");

  // Three days on (the server's clock), the validity has lapsed: the centre says so and how to extend it.
  const now = Date.now();
  expect((await request.put("/api/e2e/clock", { data: { at: new Date(now + 3 * 86_400_000).toISOString() } })).ok()).toBe(true);
  await marketer.page.goto("/referral");
  await expect(marketer.page.getByTestId("promoter-status")).toContainText("已于");
  await expect(marketer.page.getByTestId("promoter-card")).toContainText("今天参团一次，有效期再加 1 天");

  // English.
  await marketer.context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: baseURL! }]);
  await marketer.page.goto("/referral");
  await expect(marketer.page.getByRole("heading", { name: "Referral centre" })).toBeVisible();
  await expect(marketer.page.getByTestId("downline-tab-1")).toContainText("1 person");
  await shot(marketer.page, testInfo, "referral-05-centre-en");

  // The posters themselves, zh-CN and en, saved as drawn (750×1334) to be looked at.
  for (const locale of ["zh-CN", "en"]) {
    const res = await marketer.page.request.get(`/api/referral/poster?item=activity:${activityId}&locale=${locale}`);
    expect(res.headers()["content-type"]).toBe("image/png");
    await writeFile(path.join(testInfo.project.testDir, "screenshots", `referral-06-poster-${locale}.png`), await res.body());
  }

  // The seeded promoter 王芳: her team from the demo data, and the ad cash-outs of her team that paid her nothing (she was no promoter then).
  expect((await request.delete("/api/e2e/clock")).ok()).toBe(true);
  const wang = await newPhone(browser, baseURL);
  await signIn(wang.page, DEMO.wangFang);
  await wang.page.goto("/referral");
  await expect(wang.page.getByTestId("downline-1")).toContainText("李*");
  await expect(wang.page.getByTestId("missed")).toContainText("次广告提现");
  await wang.page.getByTestId("missed").scrollIntoViewIfNeeded();
  await shot(wang.page, testInfo, "referral-07-seeded-missed");
  await wang.page.getByTestId("downline-tab-2").click();
  await expect(wang.page.getByTestId("downline-2")).toContainText("韩*梅");
  await expect(wang.page.getByTestId("downline-2")).toContainText("经 李* 邀请");
  await wang.page.getByTestId("downline-2").scrollIntoViewIfNeeded();
  await shot(wang.page, testInfo, "referral-08-seeded-team");
  await wang.context.close();

  // The link preview card of the invitation (Open Graph image).
  const og = await request.get(`/api/og/invite/${new URL(link).pathname.split("/").pop()}`);
  expect(og.headers()["content-type"]).toBe("image/png");
  await friend.page.goto(new URL(link).pathname);
  await expect(friend.page.locator('meta[property="og:image"]')).toHaveAttribute("content", /\/api\/og\/invite\//);

  for (const p of [marketer, friend]) await p.context.close();
});
