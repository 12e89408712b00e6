import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { settings } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { recordAudit, type Actor } from "../audit/record-audit";

/**
 * Static release (静态释放, spec §4): off by default. Each day a user's credit × (base + acceleration
 * × that day's entries) basis points moves credit → cash, capped at the balance.
 */
export const StaticReleaseSettingsSchema = z.object({
  enabled: z.boolean(),
  baseBp: z.number().int().min(0).max(10_000),
  accelerationBp: z.number().int().min(0).max(10_000),
});
export type StaticReleaseSettings = z.infer<typeof StaticReleaseSettingsSchema>;

/** The pool's share ratio (spec §5): the part of the month's profit paid to pool holders, default 100%. */
export const PoolSettingsSchema = z.object({ shareRatioBp: z.number().int().min(0).max(10_000) });
export type PoolSettings = z.infer<typeof PoolSettingsSchema>;

const SCHEMAS = { staticRelease: StaticReleaseSettingsSchema, pool: PoolSettingsSchema };
export const SETTLEMENT_SETTING_DEFAULTS = {
  staticRelease: { enabled: false, baseBp: 3, accelerationBp: 1 } satisfies StaticReleaseSettings,
  pool: { shareRatioBp: 10_000 } satisfies PoolSettings,
};
type Key = keyof typeof SCHEMAS;
type Value<K extends Key> = z.infer<(typeof SCHEMAS)[K]>;

/** Stored under `settlement.<key>` in the settings table; the default when unset or invalid. */
export async function readSettlementSetting<K extends Key>(tx: DbOrTx, key: K): Promise<Value<K>> {
  const [row] = await tx.select({ value: settings.value }).from(settings).where(eq(settings.key, `settlement.${key}`));
  const parsed = SCHEMAS[key].safeParse(row?.value);
  return (parsed.success ? parsed.data : SETTLEMENT_SETTING_DEFAULTS[key]) as Value<K>;
}

export async function writeSettlementSetting<K extends Key>(tx: DbOrTx, clock: Clock, actor: Actor, key: K, value: unknown): Promise<Value<K>> {
  const next = SCHEMAS[key].parse(value) as Value<K>;
  const before = await readSettlementSetting(tx, key);
  await tx
    .insert(settings)
    .values({ key: `settlement.${key}`, value: next, updatedAt: clock.now() })
    .onConflictDoUpdate({ target: settings.key, set: { value: next, updatedAt: clock.now() } });
  await recordAudit(tx, clock, actor, { action: "settings.update", targetType: "setting", targetId: `settlement.${key}`, before, after: next });
  return next;
}
