import { expect, test } from "@playwright/test";
import { DEMO } from "./helpers/accounts";
import { fenOf, signInToConsole } from "./helpers/console";
import { shot } from "./helpers/screens";

/** A valid 1×1 PNG: the upload route judges a creative by its bytes. */
const PNG_1X1 = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const SUPPORT = "13900000004";
/** The advertiser scripts/seed/seed-ads.ts creates, with three campaigns and ¥500.00 prepaid. */
const ADVERTISER = "星河饮品 Galaxy Drinks";
const SEEDED_CAMPAIGNS = ["星河气泡水 · 夏日清爽", "星河茶饮 · 新品上市", "星河咖啡 · 早安一杯"];

test("operator: the seeded campaigns, a new one with an uploaded creative and inline refusals, then the report, rules and networks", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await signInToConsole(page, DEMO.operator);
  await page.getByRole("navigation", { name: "后台导航" }).getByRole("link", { name: "广告", exact: true }).click();
  await page.waitForURL("**/admin/ads");
  await expect(page.getByRole("heading", { name: "广告电商" })).toBeVisible();
  for (const name of SEEDED_CAMPAIGNS) await expect(page.getByTestId("campaign-row").filter({ hasText: name })).toBeVisible();
  await expect(page.getByTestId("campaign-row").first()).toContainText(ADVERTISER);
  await shot(page, testInfo, "ads-01-campaigns");

  await page.getByRole("button", { name: "+ 新建广告活动" }).click();
  const drawer = page.getByRole("dialog", { name: "新建广告活动" });
  await expect(drawer).toBeVisible();

  // A text file named .png is refused by its bytes, in the operator's language, at the field.
  await drawer.getByTestId("creative-input").setInputFiles({ name: "not-an-image.png", mimeType: "image/png", buffer: Buffer.from("this is plain text, not a picture\n") });
  await expect(drawer.getByTestId("creative-error")).toHaveText("素材须为 MP4/WebM 视频或 PNG/JPEG 图片");
  await shot(page, testInfo, "ads-02-creative-refused");

  await drawer.getByTestId("creative-input").setInputFiles({ name: "creative.png", mimeType: "image/png", buffer: PNG_1X1 });
  await expect(drawer.getByTestId("creative-preview")).toHaveAttribute("src", /^\/api\/images\/[0-9a-f-]{36}\.png$/);
  await expect(drawer.getByTestId("creative-error")).toHaveCount(0);

  const name = `E2E 星河果汁 ${Date.now() % 100000}`;
  await drawer.getByLabel("名称").fill(name);
  await drawer.getByLabel("时长").fill("15");
  await drawer.getByLabel("完播单价（元）").fill("0.50");
  await drawer.getByLabel("预算上限（元）").fill("0.30");
  await drawer.getByRole("button", { name: "创建" }).click();
  await expect(drawer.getByText("预算上限不能低于完播单价 ¥0.50")).toBeVisible();
  await expect(drawer.getByLabel("预算上限（元）")).toHaveAttribute("aria-invalid", "true");
  await shot(page, testInfo, "ads-03-budget-refused");

  await drawer.getByLabel("预算上限（元）").fill("50");
  await drawer.getByRole("button", { name: "创建" }).click();
  await expect(drawer).toBeHidden();
  await expect(page.getByText(`已创建「${name}」`)).toBeVisible();
  const row = page.getByTestId("campaign-row").filter({ hasText: name });
  await expect(row).toContainText(ADVERTISER);
  await expect(row).toContainText("¥0.50");
  await expect(row).toContainText("¥50.00");
  await expect(row).toContainText("15 秒");
  await expect(row.getByTestId("campaign-status")).toHaveText("投放中");
  await expect(row.getByRole("img")).toHaveAttribute("src", /\.png$/);
  await shot(page, testInfo, "ads-04-campaign-created");

  // Editing shows what the campaign's views hold, the floor of its budget.
  await page.getByTestId("campaign-row").filter({ hasText: SEEDED_CAMPAIGNS[0] }).getByRole("button", { name: "编辑" }).click();
  const edit = page.getByRole("dialog", { name: "编辑广告活动" });
  // The seed's views pick campaigns at random, so the amounts vary by run; committed + left is the ¥200.00 cap.
  const spendLine = await edit.getByText(/^已花费 ¥[\d,.]+ · 已占用 ¥[\d,.]+（含播放中预留）· 剩余 ¥[\d,.]+$/).innerText();
  const [, committedText = "", leftText = ""] = /已占用 (¥[\d,.]+).*剩余 (¥[\d,.]+)/.exec(spendLine) ?? [];
  expect(fenOf(committedText) + fenOf(leftText)).toBe(200_00);
  await expect(edit.getByLabel("预算上限（元）")).toHaveValue("200.00");
  await expect(edit.getByLabel("广告主")).toBeDisabled();
  await shot(page, testInfo, "ads-04b-campaign-edit");
  await edit.getByRole("button", { name: "取消" }).click();

  const tabs = page.getByRole("navigation", { name: "广告电商分区" });
  await tabs.getByRole("link", { name: "报表" }).click();
  await page.waitForURL("**/admin/ads/report");
  await expect(page.getByTestId("report-campaign-row").filter({ hasText: name })).toContainText("¥0.00");
  for (const seeded of SEEDED_CAMPAIGNS) await expect(page.getByTestId("report-campaign-row").filter({ hasText: seeded })).toBeVisible();
  await expect(page.getByTestId("report-day-row")).toHaveCount(7);
  await expect(page.getByTestId("report-chart").locator(".recharts-surface").first()).toBeVisible();
  // The seed's past days paid rewards: the subsidy is rewards + commissions − revenue, to the fen.
  const totals = page.getByTestId("report-totals");
  const [revenue, rewards, commissions, subsidy] = await Promise.all(["total-revenue", "total-rewards", "total-commissions", "total-subsidy"].map(async (id) => fenOf(await totals.getByTestId(id).innerText())));
  expect(rewards).toBeGreaterThan(0);
  expect(subsidy).toBe((rewards ?? 0) + (commissions ?? 0) - (revenue ?? 0));
  await shot(page, testInfo, "ads-05-report");

  await tabs.getByRole("link", { name: "领取规则" }).click();
  await page.waitForURL("**/admin/ads/rules");
  await expect(page.getByTestId("tier-0-preview")).toHaveText("商城积分 1–199 的用户：看完一组 4 个广告，领 ¥1.00 零钱，扣 1 积分");
  await page.getByTestId("tier-1-pointsCost").fill("300");
  await page.getByRole("button", { name: "保存规则" }).click();
  await expect(page.getByTestId("tier-table").getByText("不能超过本档最低积分", { exact: true })).toBeVisible();
  await shot(page, testInfo, "ads-06-rules-invalid");
  await page.getByTestId("tier-1-pointsCost").fill("2");
  await expect(page.getByTestId("tier-table").getByText("不能超过本档最低积分", { exact: true })).toHaveCount(0);
  await page.getByRole("button", { name: "保存规则" }).click();
  await expect(page.getByText("规则已保存")).toBeVisible();

  await tabs.getByRole("link", { name: "广告联盟" }).click();
  await page.waitForURL("**/admin/ads/networks");
  await expect(page.getByTestId("network-pangle-callback")).toHaveValue(/^http:\/\/127\.0\.0\.1:\d+\/api\/ads\/ssv\/pangle$/);
  await expect(page.getByTestId("network-admob-callback")).toHaveValue(/\/api\/ads\/ssv\/admob$/);
  await expect(page.getByTestId("network-admob-keyurl")).toHaveAttribute("placeholder", "https://www.gstatic.com/admob/reward/verifier-keys.json");
  await shot(page, testInfo, "ads-07-networks");
  // The key is write-only: once saved, only its last four characters come back.
  const pangle = page.getByTestId("network-pangle");
  await pangle.getByTestId("network-pangle-secret").fill("e2e-security-key-5678");
  await pangle.getByRole("switch", { name: "启用该联盟" }).click();
  await pangle.getByRole("button", { name: "保存" }).click();
  await expect(page.getByText("穿山甲 Pangle 已保存")).toBeVisible();
  await expect(pangle.getByTestId("network-pangle-secret")).toHaveAttribute("placeholder", "已保存 ••••5678，留空则保留");
  await expect(pangle.getByTestId("network-pangle-secret")).toHaveValue("");
  await expect(pangle.getByText("已启用", { exact: true })).toBeVisible();

  await tabs.getByRole("link", { name: "广告主" }).click();
  await page.waitForURL("**/admin/ads/advertisers");
  await expect(page.getByTestId("advertiser-row").filter({ hasText: ADVERTISER })).toContainText("¥500.00");
  await shot(page, testInfo, "ads-08-advertisers");
});

test("finance records a prepayment after confirming it; the advertiser's budget rises by exactly that amount", async ({ page }, testInfo) => {
  await signInToConsole(page, DEMO.finance);
  await page.goto("/admin/ads/advertisers");
  await expect(page.getByTestId("ads-read-only")).toContainText("可以在「广告主」中为广告主登记预付款");
  const row = page.getByTestId("advertiser-row").filter({ hasText: ADVERTISER });
  const before = fenOf(await row.getByTestId("advertiser-balance").innerText());

  await row.getByRole("button", { name: "详情 / 登记预付款" }).click();
  const drawer = page.getByRole("dialog", { name: ADVERTISER });
  await expect(drawer.getByTestId("drawer-balance")).toHaveText(await row.getByTestId("advertiser-balance").innerText());
  // Finance may record money but not rename the advertiser.
  await expect(drawer.getByTestId("advertiser-form")).toHaveCount(0);

  const reference = `E2E-${Date.now()}`;
  await drawer.getByLabel("金额（元）").fill("123.45");
  await drawer.getByLabel("银行转账流水号").fill(reference);
  await drawer.getByRole("button", { name: "登记", exact: true }).click();
  const confirm = page.getByRole("alertdialog", { name: "确认登记预付款" });
  await expect(confirm).toContainText(`为 ${ADVERTISER} 登记预付款 ¥123.45（流水号 ${reference}）？`);
  await shot(page, testInfo, "ads-09-prepayment-confirm");
  // Escape closes the confirmation only, not the drawer under it; nothing is recorded.
  await page.keyboard.press("Escape");
  await expect(confirm).toBeHidden();
  await expect(drawer).toBeVisible();
  await drawer.getByRole("button", { name: "登记", exact: true }).click();
  await confirm.getByRole("button", { name: "确认登记" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText(`已为 ${ADVERTISER} 登记预付款 ¥123.45`)).toBeVisible();

  await expect.poll(async () => fenOf(await drawer.getByTestId("drawer-balance").innerText())).toBe(before + 123_45);
  await expect(drawer.getByTestId("prepayments").getByRole("row").filter({ hasText: reference })).toContainText("+¥123.45");
  await shot(page, testInfo, "ads-10-prepayment-recorded");

  // The same reference again is refused where it was typed.
  await drawer.getByLabel("金额（元）").fill("1");
  await drawer.getByLabel("银行转账流水号").fill(reference);
  await drawer.getByRole("button", { name: "登记", exact: true }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "确认登记" }).click();
  await expect(drawer.getByText("该转账流水号已登记过（¥123.45）")).toBeVisible();

  await drawer.getByRole("button", { name: "关闭" }).click();
  await expect.poll(async () => fenOf(await row.getByTestId("advertiser-balance").innerText())).toBe(before + 123_45);
});

test("support sees every ads page read-only", async ({ page }, testInfo) => {
  await signInToConsole(page, SUPPORT);
  await page.goto("/admin/ads");
  await expect(page.getByTestId("ads-read-only")).toHaveText("你的角色只能查看广告，店主和运营可以修改。");
  for (const name of SEEDED_CAMPAIGNS) await expect(page.getByTestId("campaign-row").filter({ hasText: name })).toBeVisible();
  await expect(page.getByRole("button", { name: "+ 新建广告活动" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "编辑" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "暂停" })).toHaveCount(0);
  await shot(page, testInfo, "ads-11-support-campaigns");

  await page.goto("/admin/ads/advertisers");
  await expect(page.getByRole("button", { name: "+ 新增广告主" })).toHaveCount(0);
  await page.getByTestId("advertiser-row").filter({ hasText: ADVERTISER }).getByRole("button", { name: "详情" }).click();
  const drawer = page.getByRole("dialog", { name: ADVERTISER });
  await expect(drawer.getByTestId("prepayments")).toContainText("SEED-TRANSFER-0001");
  await expect(drawer.getByTestId("prepayment-form")).toHaveCount(0);
  await expect(drawer.getByTestId("advertiser-form")).toHaveCount(0);
  await drawer.getByRole("button", { name: "关闭" }).click();

  await page.goto("/admin/ads/rules");
  await expect(page.getByTestId("rule-viewsPerSet")).toBeDisabled();
  await expect(page.getByTestId("tier-0-minPoints")).toBeDisabled();
  await expect(page.getByRole("button", { name: "保存规则" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "+ 添加档位" })).toHaveCount(0);

  await page.goto("/admin/ads/networks");
  await expect(page.getByTestId("network-pangle-secret")).toBeDisabled();
  await expect(page.getByRole("button", { name: "保存" })).toHaveCount(0);
});

test("the ads pages read in English", async ({ page }, testInfo) => {
  await signInToConsole(page, DEMO.owner);
  await page.goto("/admin/ads");
  await page.getByRole("radio", { name: "English" }).click();
  await expect(page.getByRole("heading", { name: "Ads", exact: true })).toBeVisible();
  await expect(page.getByTestId("campaign-row").first().getByTestId("campaign-status")).toHaveText("Running");
  await shot(page, testInfo, "ads-12-campaigns-en");
  await page.goto("/admin/ads/rules");
  await expect(page.getByTestId("tier-0-preview")).toHaveText("With 1–199 mall points: finish a set of 4 ads, get ¥1.00 in cash, spend 1 point");
  await shot(page, testInfo, "ads-13-rules-en");
  await page.goto("/admin/ads/report");
  await expect(page.getByRole("heading", { name: "Ad revenue against cash-outs" })).toBeVisible();
  await shot(page, testInfo, "ads-14-report-en");
});
