import { expect, test } from "@playwright/test";
import { sql } from "drizzle-orm";
import { createTopup } from "../server/domain/wallet/create-topup";
import { sendSandboxNotification } from "../server/payments/sandbox-gateway";
import { E2E_WECHAT_PAYEE, e2eStandInPorts } from "../scripts/lib/e2e-env";
import { DEMO, maskPhone, signInThroughForm } from "./helpers/accounts";
import { signUpFresh } from "./helpers/group-draw";
import { onDb } from "./helpers/on-db";
import { shot } from "./helpers/screens";

/**
 * A withdrawal to the shopper's own WeChat (spec §8, issue 18), at 390×844 in zh-CN inside WeChat's
 * browser: WeChat's silent sign-in gives the openid, the shopper adds it as a destination with the
 * holder's name, withdraws, finance approves, the payout goes to WeChat Pay's stand-in as a merchant
 * transfer that waits for the shopper; the shopper accepts it in WeChat (requestMerchantTransfer) and
 * the bill's signed, encrypted MCHTRANSFER.BILL.FINISHED notification pays the withdrawal out.
 */
const WECHAT_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800323a) NetType/WIFI Language/zh_CN";

test("a shopper withdraws to their WeChat through WeChat Pay's merchant transfer stand-in", async ({ browser, baseURL }, testInfo) => {
  test.setTimeout(180_000);
  const wechat = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "zh-CN", timezoneId: "Asia/Shanghai", userAgent: WECHAT_UA });
  // WeChat's in-app bridge: the transfer's parameters are kept for the test, which accepts it at the
  // stand-in (what the WeChat app does when the user taps 确认收款) and then answers ok.
  await wechat.addInitScript(() => {
    const w = window as unknown as { WeixinJSBridge: unknown; __transfer?: { params: unknown; done: (r: { err_msg: string }) => void } };
    w.WeixinJSBridge = {
      invoke: (_name: string, params: unknown, done: (r: { err_msg: string }) => void) => {
        w.__transfer = { params, done };
      },
    };
  });
  const page = await wechat.newPage();
  const phone = await signUpFresh(page);
  // ¥50.00 of cash: a top-up the sandbox gateway reports paid (signed as it signs).
  const userId = await onDb(async (db, clock) => {
    const [u] = await db.execute<{ id: string }>(sql`SELECT id FROM users WHERE phone = ${phone}`);
    const order = await db.transaction((tx) => createTopup(tx, clock, { userId: u!.id, amountFen: 5_000, provider: "sandbox" }));
    const res = await sendSandboxNotification(`${baseURL}/api/webhooks/gateway`, process.env.GATEWAY_WEBHOOK_SECRET!, { type: "payment.captured", orderId: order.id, amountFen: 5_000, currency: "CNY" }, new Date());
    expect(res.body).toMatchObject({ outcome: "credited" });
    return u!.id;
  });

  // A WeChat destination: first WeChat's sign-in (the stand-in answers at once, as snsapi_base does).
  await page.goto("/wallet/payout-accounts");
  await page.getByRole("button", { name: "+ 添加收款账户" }).click();
  const form = page.getByTestId("destination-form");
  await form.getByRole("radio", { name: "微信零钱" }).click();
  await expect(form.getByTestId("wechat-destination")).toContainText("授权微信后即可提现到微信零钱");
  await shot(page, testInfo, "wechat-payout-01-sign-in-first");
  await form.getByRole("link", { name: "在微信中授权" }).click();
  // Back from WeChat's authorize page, whose URL ends in #wechat_redirect: the browser keeps the fragment across the redirects.
  await page.waitForURL(/\/wallet\/payout-accounts(#wechat_redirect)?$/);
  await page.getByRole("button", { name: "+ 添加收款账户" }).click();
  await form.getByRole("radio", { name: "微信零钱" }).click();
  await expect(form.getByTestId("wechat-destination")).toContainText("提现将转入你本人微信的零钱");
  await form.getByLabel("收款人姓名").fill(E2E_WECHAT_PAYEE);
  await shot(page, testInfo, "wechat-payout-02-destination-form");
  await form.getByRole("button", { name: "保存" }).click();
  await expect(form).toHaveCount(0);
  await expect(page.getByTestId("destination").first()).toContainText("微信零钱");

  // Withdraw ¥20.00 to it.
  await page.goto("/wallet/withdraw");
  await expect(page.getByTestId("withdraw-available")).toHaveText("¥50.00");
  await page.getByLabel("提现金额（元）").fill("20");
  const destination = page.getByTestId("destination").filter({ hasText: "微信零钱" }).first();
  if ((await destination.getByRole("radio").getAttribute("aria-checked")) !== "true") await destination.click();
  await page.getByRole("button", { name: "申请提现" }).click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm).toContainText("确认提现 ¥20.00？");
  await expect(confirm).toContainText("微信零钱");
  await shot(page, testInfo, "wechat-payout-03-confirm");
  await confirm.getByRole("button", { name: "确认提现" }).click();
  const mine = page.getByTestId("my-withdrawal").first();
  await expect(mine).toContainText("审核中");
  await expect(page.getByTestId("withdraw-available")).toHaveText("¥30.00");

  // Finance approves: the payout is WeChat Pay's (the destination's kind), sent after the commit.
  const consoleContext = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  try {
    const admin = await consoleContext.newPage();
    await signInThroughForm(admin, DEMO.finance, { path: "/admin/login" });
    await admin.waitForURL("**/admin");
    await admin.goto("/admin/withdrawals");
    const row = admin.locator(`[data-testid="withdrawal-row"][data-phone="${maskPhone(phone)}"]`);
    await expect(row).toContainText("¥20.00");
    await row.getByRole("button", { name: "批准" }).click();
    await admin.getByRole("alertdialog").getByRole("button", { name: "确认批准" }).click();
    await expect(row).toHaveCount(0);
  } finally {
    await consoleContext.close();
  }
  await expect
    .poll(() => onDb(async (db) => (await db.execute<{ provider: string; status: string }>(sql`SELECT p.provider, p.status FROM payouts p JOIN withdrawals w ON w.id = p.withdrawal_id WHERE w.user_id = ${userId}`))[0]))
    .toMatchObject({ provider: "wechatpay", status: "processing" });

  // The transfer waits for the shopper: accepted in WeChat, WeChat Pay's notification pays it out.
  await page.reload();
  await expect(mine).toContainText("打款中");
  const accept = mine.getByRole("button", { name: "在微信中确认收款" });
  await expect(accept).toBeVisible();
  await shot(page, testInfo, "wechat-payout-04-accept");
  await accept.click();
  const params = await page.waitForFunction(() => (window as unknown as { __transfer?: { params: { package: string; mchId: string; appId: string } } }).__transfer?.params);
  const { package: pkg } = (await params.jsonValue())!;
  const accepted = await fetch(`http://127.0.0.1:${e2eStandInPorts().wechat}/transfer/accept`, { method: "POST", body: new URLSearchParams({ package: pkg }) });
  expect(await accepted.json()).toMatchObject({ err_msg: "requestMerchantTransfer:ok", notified: 204 });
  await page.evaluate(() => (window as unknown as { __transfer: { done: (r: { err_msg: string }) => void } }).__transfer.done({ err_msg: "requestMerchantTransfer:ok" }));
  await expect(page.getByText("已确认收款，到账以微信为准")).toBeVisible();
  await expect(mine).toContainText("已到账");
  await expect(page.getByTestId("withdraw-available")).toHaveText("¥30.00");
  await shot(page, testInfo, "wechat-payout-05-paid");
  await wechat.close();
});
