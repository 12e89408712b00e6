import type { EarnTier } from "./types";

/** A tier's balance range: from its minimum up to just below the next tier's, or open-ended for the last. */
export function tierRange(tiers: readonly EarnTier[], index: number): { min: number; max: number | null } {
  const tier = tiers[index];
  const next = tiers[index + 1];
  return { min: tier?.minPoints ?? 0, max: next ? next.minPoints - 1 : null };
}

export function sameTier(a: EarnTier | null, b: EarnTier): boolean {
  return a !== null && a.minPoints === b.minPoints;
}
