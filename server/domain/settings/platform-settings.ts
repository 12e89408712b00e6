import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { settings } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { cleanTextSchema } from "../shared/clean-text";
import { recordAudit, type Actor } from "../audit/record-audit";
import { AD_SETTING_DEFAULTS, AdSettingsSchema } from "../ads/ad-settings";

const Name = cleanTextSchema({ min: 1, max: 20 });

/** Display names of the assets (spec §1: 购物金, 分红积分 and 购物券 are operator-configurable). */
export const DisplayNamesSchema = z.object({
  cash: z.object({ "zh-CN": Name, en: Name }),
  credit: z.object({ "zh-CN": Name, en: Name }),
  divPoints: z.object({ "zh-CN": Name, en: Name }),
  mallPoints: z.object({ "zh-CN": Name, en: Name }),
  voucher: z.object({ "zh-CN": Name, en: Name }),
});
export type DisplayNames = z.infer<typeof DisplayNamesSchema>;

export const WalletSettingsSchema = z.object({
  withdrawalMinFen: z.number().int().min(100).max(100_000_00),
  topupMinFen: z.number().int().min(1).max(100_000),
  topupMaxFen: z.number().int().min(100).max(5_000_000),
});
export type WalletSettings = z.infer<typeof WalletSettingsSchema>;

/** Store economics (spec §6, §7): mall points per yuan paid (basis points of 1 point), referral commission. */
export const StoreSettingsSchema = z.object({
  /** 10000 = 1 mall point per yuan paid in money (the voucher part earns none). */
  mallPointsPerYuanBp: z.number().int().min(0).max(1_000_000),
  commissionL1Bp: z.number().int().min(0).max(5_000),
  commissionL2Bp: z.number().int().min(0).max(5_000),
  commissionHoldDays: z.number().int().min(0).max(60),
  /** A gateway order not captured within this many minutes is cancelled (stock and vouchers return): the hold on stock is short. */
  pendingPaymentMinutes: z.number().int().min(5).max(1_440),
  /** Gateway orders one shopper may have waiting for payment at once: no one holds a product's stock by not paying. */
  maxUnpaidOrders: z.number().int().min(1).max(20).default(3),
});
export type StoreSettings = z.infer<typeof StoreSettingsSchema>;

export const SETTING_DEFAULTS = {
  displayNames: {
    cash: { "zh-CN": "零钱", en: "Cash" },
    credit: { "zh-CN": "购物金", en: "Credit" },
    divPoints: { "zh-CN": "分红积分", en: "Dividend points" },
    mallPoints: { "zh-CN": "商城积分", en: "Mall points" },
    voucher: { "zh-CN": "购物券", en: "Vouchers" },
  } satisfies DisplayNames,
  wallet: { withdrawalMinFen: 1000, topupMinFen: 100, topupMaxFen: 5_000_000 } satisfies WalletSettings,
  store: { mallPointsPerYuanBp: 10_000, commissionL1Bp: 300, commissionL2Bp: 100, commissionHoldDays: 7, pendingPaymentMinutes: 10, maxUnpaidOrders: 3 } satisfies StoreSettings,
  ads: AD_SETTING_DEFAULTS,
};

const SCHEMAS = { displayNames: DisplayNamesSchema, wallet: WalletSettingsSchema, store: StoreSettingsSchema, ads: AdSettingsSchema };
export type SettingKey = keyof typeof SCHEMAS;
type Key = keyof typeof SCHEMAS;
type Value<K extends Key> = z.infer<(typeof SCHEMAS)[K]>;

/** A setting's stored value, or its default when unset or no longer valid. */
export async function readSetting<K extends Key>(tx: DbOrTx, key: K): Promise<Value<K>> {
  const [row] = await tx.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
  const parsed = SCHEMAS[key].safeParse(row?.value);
  return (parsed.success ? parsed.data : SETTING_DEFAULTS[key]) as Value<K>;
}

/** Replaces a setting (validated) and audits the change with its before and after. */
export async function writeSetting<K extends Key>(tx: DbOrTx, clock: Clock, actor: Actor, key: K, value: unknown): Promise<Value<K>> {
  const next = SCHEMAS[key].parse(value) as Value<K>;
  const before = await readSetting(tx, key);
  await tx
    .insert(settings)
    .values({ key, value: next, updatedAt: clock.now() })
    .onConflictDoUpdate({ target: settings.key, set: { value: next, updatedAt: clock.now() } });
  await recordAudit(tx, clock, actor, { action: "settings.update", targetType: "setting", targetId: key, before, after: next });
  return next;
}
