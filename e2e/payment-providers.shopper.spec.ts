import { expect, test, type Locator } from "@playwright/test";
import { e2eStandInPorts } from "../scripts/lib/e2e-env";
import { signUpFresh } from "./helpers/group-draw";
import { shot } from "./helpers/screens";

/**
 * Top-ups through Alipay's and WeChat Pay's stand-ins (issue 18): the e2e server is configured for
 * them with the production variables (scripts/e2e-server.ts starts them with keys made for the run).
 * The shopper picks the provider on the form, pays on the provider's page, and is back on the wallet
 * once the provider's signed notification has been verified and applied: never on the return alone.
 */
/** The providers in the order the picker lists them. */
const order = (picker: Locator) => picker.getByRole("radio").evaluateAll((els) => els.map((e) => e.getAttribute("data-testid")));

test("top-up through Alipay's stand-in: wap.pay cashier, signed notification, back to the wallet credited", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await signUpFresh(page);
  await page.goto("/wallet/topup");
  const picker = page.getByTestId("provider-picker");
  // Outside WeChat's browser: the sandbox (on for tests), then Alipay, then WeChat Pay.
  await expect(picker.getByRole("radio", { name: "支付宝" })).toBeVisible();
  expect(await order(picker)).toEqual(["provider-sandbox", "provider-alipay", "provider-wechatpay"]);
  await page.getByLabel("充值金额（元）").fill("88");
  await picker.getByTestId("provider-alipay").click();
  await expect(picker.getByTestId("provider-alipay")).toHaveAttribute("aria-checked", "true");
  await shot(page, testInfo, "pay-01-provider-picker");
  await page.getByRole("button", { name: "去支付 ¥88.00" }).click();

  await page.waitForURL(new RegExp(`^http://127\\.0\\.0\\.1:${e2eStandInPorts().alipay}/gateway\\.do\\?`));
  await expect(page.getByTestId("stand-in-amount")).toHaveText("¥88.00");
  await shot(page, testInfo, "pay-02-alipay-stand-in");
  await page.getByRole("button", { name: "确认付款" }).click();

  await page.waitForURL("**/wallet", { timeout: 30_000 });
  await expect(page.getByText("充值成功，¥88.00 已到账")).toBeVisible();
  await expect(page.getByTestId("balance-cash")).toContainText("¥88.00");
  await expect(page.getByTestId("history-line").filter({ hasText: "充值" }).first()).toContainText("+¥88.00");
  await shot(page, testInfo, "pay-03-alipay-credited");
});

test("top-up through WeChat Pay's H5 stand-in, in English: signed and encrypted notification, back credited", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await signUpFresh(page);
  await page.context().addCookies([{ name: "NEXT_LOCALE", value: "en", url: page.url() }]);
  await page.goto("/wallet/topup");
  const picker = page.getByTestId("provider-picker");
  await expect(picker.getByRole("radio", { name: "WeChat Pay" })).toBeVisible();
  await expect(picker.getByRole("radio", { name: "Sandbox (test payments)" })).toBeVisible();
  await page.getByLabel(/Amount/).fill("66.60");
  await picker.getByTestId("provider-wechatpay").click();
  await page.getByRole("button", { name: /¥66\.60/ }).click();

  await page.waitForURL(new RegExp(`^http://127\\.0\\.0\\.1:${e2eStandInPorts().wechat}/h5pay\\?prepay_id=`));
  await expect(page.getByTestId("stand-in-amount")).toHaveText("¥66.60");
  await shot(page, testInfo, "pay-04-wechatpay-stand-in");
  await page.getByRole("button", { name: "立即支付" }).click();

  await page.waitForURL("**/wallet", { timeout: 30_000 });
  await expect(page.getByTestId("balance-cash")).toContainText("¥66.60");
  await shot(page, testInfo, "pay-05-wechatpay-credited");
});

test("inside WeChat's browser: WeChat Pay first, the openid from WeChat's silent sign-in, then JSAPI", async ({ browser, baseURL }, testInfo) => {
  test.setTimeout(120_000);
  const wechat = await browser.newContext({
    baseURL,
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800323a) NetType/WIFI Language/zh_CN",
  });
  // WeChat's in-app bridge, as its client provides it: the pay sheet's parameters are kept for the
  // test, which confirms the payment at the stand-in (what the WeChat app does) and then answers ok.
  await wechat.addInitScript(() => {
    const w = window as unknown as { WeixinJSBridge: unknown; __jsapi?: { params: unknown; done: (r: { err_msg: string }) => void } };
    w.WeixinJSBridge = {
      invoke: (_name: string, params: unknown, done: (r: { err_msg: string }) => void) => {
        w.__jsapi = { params, done };
      },
    };
  });
  const p = await wechat.newPage();
  await signUpFresh(p);
  await p.goto("/wallet/topup");
  const picker = p.getByTestId("provider-picker");
  await expect(picker.getByRole("radio", { name: "微信支付" })).toBeVisible();
  expect(await order(picker)).toEqual(["provider-wechatpay", "provider-alipay", "provider-sandbox"]);
  await expect(picker.getByTestId("provider-wechatpay")).toHaveAttribute("aria-checked", "true");
  await p.getByLabel("充值金额（元）").fill("10");
  await p.getByRole("button", { name: "去支付 ¥10.00" }).click();

  // No openid yet: through WeChat's sign-in (the stand-in answers at once, as snsapi_base does) and back.
  await p.waitForURL(/\/pay\/wechatpay\/[0-9a-f-]{36}$/);
  await expect(p.getByTestId("provider-pay-go")).toBeVisible({ timeout: 30_000 });
  await p.getByTestId("provider-pay-go").click();
  const params = await p.waitForFunction(() => (window as unknown as { __jsapi?: { params: { package: string; paySign: string; signType: string } } }).__jsapi?.params);
  const { package: pkg, paySign, signType } = (await params.jsonValue())!;
  expect(pkg).toMatch(/^prepay_id=wx/);
  expect(signType).toBe("RSA");
  expect(paySign.length).toBeGreaterThan(300);
  await shot(p, testInfo, "pay-06-jsapi-sheet-open");
  const confirm = await fetch(`http://127.0.0.1:${e2eStandInPorts().wechat}/jsapi/pay`, { method: "POST", body: new URLSearchParams({ prepay_id: pkg.slice("prepay_id=".length) }) });
  expect(await confirm.json()).toMatchObject({ err_msg: "get_brand_wcpay_request:ok", notified: 204 });
  await p.evaluate(() => (window as unknown as { __jsapi: { done: (r: { err_msg: string }) => void } }).__jsapi.done({ err_msg: "get_brand_wcpay_request:ok" }));
  await p.waitForURL("**/wallet", { timeout: 30_000 });
  await expect(p.getByTestId("balance-cash")).toContainText("¥10.00");
  await wechat.close();
});
