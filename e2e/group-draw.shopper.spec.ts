import { expect, test, type Page } from "@playwright/test";
import { DEMO } from "./helpers/accounts";
import { joinThroughRoom, newPhone, signIn, signUpFresh, topUpThroughSandbox } from "./helpers/group-draw";
import { shot } from "./helpers/screens";

const ACTIVITY = "新鲜水果礼盒 5人团";
const seat = (page: Page, n: number) => page.locator(`[data-testid="seat"][data-seat="${n}"]`);

test("two shoppers watch one room fill live, see the same winners and verify the draw in the browser", async ({ browser, baseURL }, testInfo) => {
  test.setTimeout(480_000); // many pages and browser contexts: generous, for a loaded 2-core machine
  const phones = [];
  try {
    const a = await newPhone(browser, baseURL);
    const b = await newPhone(browser, baseURL);
    phones.push(a, b);
    await signIn(a.page, DEMO.wangFang);
    await signIn(b.page, DEMO.liLei);

    // 首页: the activity card with price, N/K, seats left and a running countdown.
    await a.page.goto("/");
    const card = a.page.getByTestId("activity-card").filter({ hasText: ACTIVITY });
    await expect(card).toContainText("¥29.90");
    await expect(card).toContainText("5 人团 · 2 人中");
    await expect(card.getByTestId("seats-left")).toHaveText("等你来开团");
    await expect(card.getByRole("timer")).toHaveText(/^\d{2}:\d{2}:\d{2}$/);
    await shot(a.page, testInfo, "group-01-activity-list");

    await card.getByRole("link", { name: "立即参团" }).click();
    await a.page.waitForURL(/\/activities\/[0-9a-f-]{36}$/);
    const roomUrl = new URL(a.page.url()).pathname;

    // Signed out: the whole room is visible, and joining starts with signing in.
    const visitor = await newPhone(browser, baseURL);
    phones.push(visitor);
    await visitor.page.goto(roomUrl);
    await expect(visitor.page.getByTestId("rules-in-force")).toContainText("满 5 人立即开奖");
    await expect(visitor.page.getByTestId("win-rewards")).toContainText("购物金+¥29.90");
    await expect(visitor.page.getByRole("link", { name: "登录后参团" })).toHaveAttribute("href", `/login?next=${encodeURIComponent(roomUrl)}`);
    await shot(visitor.page, testInfo, "group-02d-room-signed-out");
    await visitor.context.close();
    await b.page.goto(roomUrl);
    for (const p of [a.page, b.page]) await expect(p.getByTestId("live-status")).toHaveAttribute("data-status", "live");
    // B never reloads from here on: a marker on its window would vanish with a reload.
    await b.page.evaluate(() => Object.assign(window, { __sameDocument: true }));

    // The rules in force, in words and numbers, before paying.
    const rules = a.page.getByTestId("rules-card");
    await expect(rules.getByTestId("rules-in-force")).toContainText("满 5 人立即开奖，在可中奖的人中随机抽出 2 人");
    await expect(rules.getByTestId("win-rewards")).toContainText("购物金+¥29.90");
    await expect(rules.getByTestId("lose-rewards")).toContainText("全额退款¥29.90");
    await expect(rules.getByTestId("lose-rewards")).toContainText("现金红包（零钱）+¥1.49");
    await expect(a.page.getByTestId("commitment")).toHaveText(/^[0-9a-f]{64}$/);
    await shot(a.page, testInfo, "group-02-room");
    await rules.scrollIntoViewIfNeeded();
    await shot(a.page, testInfo, "group-02a-room-rules");
    await rules.getByRole("button", { name: "规则说明" }).click();
    await expect(a.page.getByTestId("rules-sheet")).toContainText("开团后 24 小时内未满员，本团解散，全额退款");
    await shot(a.page, testInfo, "group-02b-rules-sheet");
    await a.page.getByRole("button", { name: "关闭" }).click();

    // A pays through the sheet (a double tap is one join), and B's seat map fills seat 1 live.
    await a.page.getByTestId("join-button").click();
    const sheet = a.page.getByRole("dialog", { name: "确认参团" });
    await expect(sheet.getByTestId("cash-balance")).toHaveText("余额 ¥500.00");
    await expect(sheet.getByTestId("pay-total")).toHaveText("¥29.90");
    await shot(a.page, testInfo, "group-03-pay-sheet");
    await sheet.getByTestId("confirm-join").dblclick();
    await expect(sheet).toBeHidden();
    await expect(a.page.getByTestId("my-status")).toContainText("已参团 · 座位 1");
    await expect(seat(b.page, 1)).toHaveAttribute("data-state", "taken");
    await expect(b.page.getByTestId("seats-progress")).toHaveText("1/5");

    // B joins; A sees seat 2 arrive live.
    await b.page.getByTestId("join-button").click();
    await b.page.getByRole("dialog", { name: "确认参团" }).getByTestId("confirm-join").click();
    await expect(b.page.getByTestId("my-status")).toContainText("已参团 · 座位 2");
    await expect(seat(a.page, 2)).toHaveAttribute("data-state", "taken");
    await expect(a.page.getByTestId("seats-progress")).toHaveText("2/5");
    await expect(seat(a.page, 1)).toHaveAttribute("aria-label", "1 号座位：我");
    await expect(seat(a.page, 2)).toHaveAttribute("aria-label", "2 号座位：李*");
    await shot(a.page, testInfo, "group-04-live-seat-map");

    // Seats 3–5: 韩梅梅 (seeded with cash) and two new shoppers who sign up and top up through the sandbox.
    const c = await newPhone(browser, baseURL);
    phones.push(c);
    await signIn(c.page, "13800000003");
    // The list shows who sat down (masked) and how many seats are left.
    await c.page.goto("/");
    const seated = c.page.getByTestId("activity-card").filter({ hasText: ACTIVITY });
    await expect(seated.getByTestId("seats-left")).toHaveText("还差 3 人");
    await expect(seated.getByTitle("王*")).toBeVisible();
    await shot(c.page, testInfo, "group-01b-activity-list-seated");
    // The other seeded activity has rule 1 on: it is stated, in words, before anyone pays.
    await c.page.getByTestId("activity-card").filter({ hasText: "无线降噪耳机 10人团" }).getByRole("link", { name: "立即参团" }).click();
    const rule1 = c.page.getByTestId("rules-in-force");
    await expect(rule1).toContainText("当天首次参团的人中，排在本团最前面的一位，本团不中奖");
    await expect(rule1).toContainText("若可中奖的人不足 3 人");
    await c.page.getByRole("radio", { name: /¥99 购物券/ }).click();
    await expect(c.page.getByTestId("win-rewards")).toContainText("购物券（可在商城抵扣）¥99.00");
    await c.page.getByTestId("rules-card").scrollIntoViewIfNeeded();
    await shot(c.page, testInfo, "group-02c-room-rule-1");
    await joinThroughRoom(c.page, roomUrl);
    await expect(a.page.getByTestId("seats-progress")).toHaveText("3/5");
    for (let i = 0; i < 2; i++) {
      const fresh = await newPhone(browser, baseURL);
      phones.push(fresh);
      await signUpFresh(fresh.page);
      if (i === 0) {
        // With no cash the pay sheet offers the gateway first; choosing cash says how much is missing.
        await fresh.page.goto(roomUrl);
        await fresh.page.getByTestId("join-button").click();
        const empty = fresh.page.getByRole("dialog", { name: "确认参团" });
        await expect(empty.getByTestId("method-gateway")).toHaveAttribute("aria-checked", "true");
        await empty.getByTestId("method-cash").click();
        await expect(empty.getByRole("alert")).toContainText("零钱余额不足，还差 ¥29.90");
        await expect(empty.getByRole("link", { name: "去充值" }).first()).toHaveAttribute("href", "/wallet/topup");
        await shot(fresh.page, testInfo, "group-03b-pay-sheet-no-cash");
        // Paying through the gateway instead: the cashier, and back in the room with the next seat.
        await empty.getByTestId("method-gateway").click();
        await expect(empty.getByTestId("confirm-join")).toHaveText("去支付 ¥29.90");
        await shot(fresh.page, testInfo, "group-03c-pay-sheet-gateway");
        await empty.getByTestId("confirm-join").click();
        await fresh.page.waitForURL(/\/pay\/sandbox\/[0-9a-f-]{36}$/);
        await expect(fresh.page.getByTestId("pay-amount")).toHaveText("¥29.90");
        await fresh.page.getByRole("button", { name: "确认支付" }).click();
        await fresh.page.waitForURL((url) => url.pathname === new URL(roomUrl, baseURL).pathname, { timeout: 30_000 });
        await expect(a.page.getByTestId("seats-progress")).toHaveText("4/5");
        await expect(fresh.page.getByTestId("seats-progress")).toHaveText("4/5");
        continue;
      }
      await topUpThroughSandbox(fresh.page, 50);
      await joinThroughRoom(fresh.page, roomUrl);
    }
    // The last seat drew the group: its joiner watches the draw in the room, their outcome in one line, then opens the result.
    const last = phones[phones.length - 1]!.page;
    await expect(last.getByTestId("my-status")).toHaveAttribute("data-phase", "drawn");
    await expect(last.getByTestId("my-status-title")).toHaveText(/^(恭喜中奖！|未中奖 · )座位 5$/);
    await last.getByTestId("view-result").click();
    await last.waitForURL(/\/groups\/[0-9a-f-]{36}$/);

    // A and B were told live (no reload) and follow the link to the same result.
    expect(await b.page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    const results: string[] = [];
    for (const p of [a.page, b.page]) {
      await expect(p.getByTestId("my-status")).toHaveAttribute("data-phase", "drawn");
      await p.getByTestId("view-result").click();
      await p.waitForURL(/\/groups\/[0-9a-f-]{36}$/);
      await expect(p.getByTestId("outcome")).toHaveAttribute("data-status", "drawn");
      results.push(await p.getByTestId("winner-seats").innerText());
      await expect(p.locator('[data-testid="seat"][data-state="won"]')).toHaveCount(2);
    }
    expect(results[0]).toMatch(/^中奖座位：\d、\d$/);
    expect(results[1]).toBe(results[0]);
    expect(new URL(a.page.url()).pathname).toBe(new URL(b.page.url()).pathname);
    expect(new URL(last.url()).pathname).toBe(new URL(a.page.url()).pathname);

    // My rewards as lines with amounts: the payment, then either the prize lines or the refund and bonuses.
    const rewards = a.page.getByTestId("my-rewards");
    await expect(rewards.getByTestId("reward-line").filter({ hasText: "参团支付" })).toContainText("-¥29.90");
    const aWon = (await a.page.getByTestId("outcome").innerText()).includes("恭喜中奖");
    if (aWon) {
      await expect(rewards).toContainText("奖品：当季水果礼盒 3kg");
      await expect(rewards.getByTestId("reward-line").filter({ hasText: "中奖购物金" })).toContainText("+¥29.90");
    } else {
      await expect(rewards.getByTestId("reward-line").filter({ hasText: "未中奖退款" })).toContainText("+¥29.90");
      await expect(rewards.getByTestId("reward-line").filter({ hasText: "未中奖红包" })).toContainText("+¥1.49");
    }
    // 王芳 held ¥200.00 of credit: a release of 5% × P shows as one line into cash.
    await expect(rewards.locator('[data-reason="draw.' + (aWon ? "W-D" : "L-B") + '"]')).toContainText("¥1.49 → 零钱");
    await shot(a.page, testInfo, "group-05-result");

    // 验证本团: the browser re-derives the same winners (WebCrypto) and says so with a green tick.
    await a.page.getByTestId("verify-link").click();
    await a.page.waitForURL(/\/groups\/[0-9a-f-]{36}\/verify$/);
    await expect(a.page.getByTestId("verify-summary")).toHaveAttribute("data-state", "verified");
    await expect(a.page.getByTestId("verify-summary")).toContainText("验证通过");
    const published = await a.page.getByTestId("published-winners").innerText();
    await expect(a.page.getByTestId("derived-winners")).toHaveText(published);
    expect(results[0]).toContain(published);
    await expect(a.page.getByTestId("proof-entry")).toHaveCount(5);
    await shot(a.page, testInfo, "group-06-verify");

    // 我的: promoter validity now active; my entries and the notifications (drawn with the outcome).
    await a.page.goto("/me");
    await expect(a.page.getByTestId("promoter-validity")).toContainText(/有效期至 \d{1,2}月\d{1,2}日/);
    await expect(a.page.getByTestId("tab-unread")).toBeVisible();
    await shot(a.page, testInfo, "group-07-me");
    await a.page.getByRole("link", { name: "我的参团" }).click();
    await expect(a.page.getByTestId("entry").first()).toHaveAttribute("data-state", aWon ? "won" : "lost");
    await expect(a.page.getByTestId("entry").first()).toContainText("第 1 团 · 座位 1 · ¥29.90");
    await shot(a.page, testInfo, "group-08-my-entries");
    await a.page.goto("/notifications");
    await expect(a.page.getByTestId("notification").filter({ hasText: aWon ? "恭喜中奖" : "未中奖" })).toContainText("「新鲜水果礼盒 5人团」第 1 团");
    await shot(a.page, testInfo, "group-09-notifications");
    await a.page.goto("/me");
    await expect(a.page.getByTestId("tab-unread")).toHaveCount(0);

    // The same screens in English (data such as activity and item names stays as entered).
    const resultPath = new URL(b.page.url()).pathname;
    await a.context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: baseURL! }]);
    await a.page.goto("/");
    await expect(a.page.getByRole("link", { name: "Join now" }).first()).toBeVisible();
    await shot(a.page, testInfo, "group-en-01-list");
    await a.page.goto(roomUrl);
    await expect(a.page.getByTestId("rules-in-force")).toContainText("Drawn as soon as 5 have joined: 2 winners picked at random");
    await shot(a.page, testInfo, "group-en-02-room");
    await a.page.getByTestId("rules-card").scrollIntoViewIfNeeded();
    await shot(a.page, testInfo, "group-en-02a-room-rules");
    await a.page.getByTestId("join-button").click();
    await expect(a.page.getByRole("dialog", { name: "Confirm and pay" })).toContainText("Pay from cash");
    await shot(a.page, testInfo, "group-en-03-pay-sheet");
    await a.page.goto(resultPath);
    await expect(a.page.getByTestId("my-rewards")).toContainText("Payment to join");
    await shot(a.page, testInfo, "group-en-05-result");
    await a.page.goto(`${resultPath}/verify`);
    await expect(a.page.getByTestId("verify-summary")).toContainText("Verified");
    await shot(a.page, testInfo, "group-en-06-verify");
    await a.page.goto("/me");
    await expect(a.page.getByTestId("promoter-validity")).toContainText("Valid until");
    await shot(a.page, testInfo, "group-en-07-me");
    await a.page.goto("/me/entries");
    await shot(a.page, testInfo, "group-en-08-entries");
    await a.page.goto("/notifications");
    await shot(a.page, testInfo, "group-en-09-notifications");
  } finally {
    for (const p of phones) await p.context.close();
  }
});
