import type { AdTier } from "./ad-settings";

/**
 * 区间递减 (spec §6): the tier whose range holds a mall-point balance — the one with the largest
 * `minPoints` at or below it — or null below every tier. Tiers are ascending (the settings' schema).
 */
export function rewardTierFor(tiers: readonly AdTier[], balancePoints: number): AdTier | null {
  let found: AdTier | null = null;
  for (const tier of tiers) if (balancePoints >= tier.minPoints) found = tier;
  return found;
}
