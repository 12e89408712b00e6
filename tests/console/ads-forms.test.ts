import { describe, expect, it } from "vitest";
import { formFromSettings, newTierRow, parseSettingsForm, type AdSettingsForm } from "@/components/admin/ads/ad-settings-form";
import { newCampaignForm, parseCampaignForm, type CampaignForm } from "@/components/admin/ads/campaign-form";
import { formatRate } from "@/components/admin/ads/format-rate";
import { daysBetween, presetRange, rangeError } from "@/components/admin/ads/report-range";
import { AD_SETTING_DEFAULTS } from "@/server/domain/ads/ad-settings";

const NOW = new Date("2025-11-27T02:00:00Z"); // 10:00 in Shanghai

function campaign(patch: Partial<CampaignForm> = {}): CampaignForm {
  return { ...newCampaignForm(NOW, "adv-1"), name: "夏日清爽", creative: { url: "/api/images/x.png", type: "png" }, price: "0.50", budget: "100", ...patch };
}

describe("the campaign form, checked as saveCampaign checks it", () => {
  it("turns yuan into fen by its digits and the Shanghai wall clock into an instant", () => {
    const { input, errors } = parseCampaignForm(campaign({ price: "0.29", budget: "1,000.1", endsAt: "2025-12-01T00:00" }), 0);
    expect(errors).toEqual({});
    expect(input).toMatchObject({ pricePerViewFen: 29, budgetFen: 100_010, durationSeconds: 30, startsAt: new Date("2025-11-27T02:00:00Z"), endsAt: new Date("2025-11-30T16:00:00Z") });
  });

  it.each([
    [{ duration: "4" }, "duration", "durationRange"],
    [{ duration: "121" }, "duration", "durationRange"],
    [{ price: "0" }, "price", "priceRange"],
    [{ price: "100.01" }, "price", "priceRange"],
    [{ price: "0.001" }, "price", "amountInvalid"],
    [{ budget: "0.30" }, "budget", "budgetBelowPrice"],
    [{ budget: "10000000.01" }, "budget", "budgetTooLarge"],
    [{ creative: null }, "creative", "creativeRequired"],
    [{ name: "  " }, "name", "nameRequired"],
    [{ endsAt: "2025-11-27T10:00" }, "endsAt", "endBeforeStart"],
  ] as const)("%o is refused at %s (%s)", (patch, field, key) => {
    const { input, errors } = parseCampaignForm(campaign(patch), 0);
    expect(input).toBeNull();
    expect(errors[field]?.key).toBe(key);
  });

  it("never lets the budget go under what the campaign's views committed", () => {
    expect(parseCampaignForm(campaign({ budget: "9.99" }), 10_00).errors.budget).toEqual({ key: "budgetBelowCommitted", params: { min: "¥10.00" } });
    expect(parseCampaignForm(campaign({ budget: "10" }), 10_00).errors).toEqual({});
  });
});

describe("the rules form, checked by AdSettingsSchema", () => {
  const base = (): AdSettingsForm => formFromSettings({ ...AD_SETTING_DEFAULTS, tiers: [{ minPoints: 1, rewardFen: 100, pointsCost: 1 }, { minPoints: 200, rewardFen: 180, pointsCost: 2 }] });

  it("round-trips the stored settings, with % read as basis points", () => {
    const form = base();
    form.commissionL1 = "5.25";
    const { value, errors } = parseSettingsForm(form);
    expect(errors).toEqual({});
    expect(value).toMatchObject({ commissionL1Bp: 525, commissionL2Bp: 200, tiers: [{ minPoints: 1, rewardFen: 100, pointsCost: 1 }, { minPoints: 200, rewardFen: 180, pointsCost: 2 }] });
  });

  it("puts each refusal at its field, in the operator's unit", () => {
    const form = base();
    form.limits.viewsPerSet = "11";
    form.commissionL2 = "50.01";
    form.tiers = [...form.tiers, newTierRow("150", "2", "151")];
    const { value, errors } = parseSettingsForm(form);
    expect(value).toBeNull();
    expect(errors.viewsPerSet).toEqual({ key: "range", params: { min: "1", max: "10" } });
    expect(errors.commissionL2Bp).toEqual({ key: "range", params: { min: "0%", max: "50%" } });
    expect(errors["tiers.2.minPoints"]?.key).toBe("tierAscending");
    expect(errors["tiers.2.pointsCost"]?.key).toBe("costAboveMin");
  });

  it("says what did not parse rather than repeating the schema", () => {
    const form = base();
    form.tiers = form.tiers.map((tier, i) => (i === 0 ? { ...tier, reward: "1.234" } : tier));
    expect(parseSettingsForm(form).errors["tiers.0.rewardFen"]).toEqual({ key: "amountInvalid" });
  });
});

describe("the report's range and rates", () => {
  it("counts calendar days across months and refuses more than 92", () => {
    expect(presetRange("2025-03-02", 7)).toEqual({ from: "2025-02-24", to: "2025-03-02" });
    expect(daysBetween("2025-01-01", "2025-04-02")).toBe(92);
    expect(rangeError("2025-01-01", "2025-04-02")).toBeNull();
    expect(rangeError("2025-01-01", "2025-04-03")).toBe("tooLong");
    expect(rangeError("2025-02-03", "2025-02-01")).toBe("fromAfterTo");
    expect(rangeError("2025-02-30", "2025-03-01")).toBe("dayInvalid");
  });

  it("shows a completion rate to one decimal, and a dash with nothing started", () => {
    expect(formatRate(7, 8)).toBe("87.5%");
    expect(formatRate(2, 3)).toBe("66.7%");
    expect(formatRate(0, 0)).toBe("—");
  });
});
