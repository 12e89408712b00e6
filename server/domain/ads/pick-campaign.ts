/** What serving needs to know of a campaign that can pay for one more view now. */
export interface ServableCampaign {
  id: string;
  pricePerViewFen: number;
}

/**
 * The order in which to try campaigns for the next view (spec §6, the stated rule): weighted by
 * price per view — a campaign paying twice as much is tried first about twice as often
 * (Efraimidis–Spirakis keys, random^(1/weight)) — and a campaign already shown in this set only after
 * every campaign not yet shown in it. `random` returns [0, 1).
 */
export function campaignServingOrder<T extends ServableCampaign>(candidates: readonly T[], shownInSet: ReadonlySet<string>, random: () => number): T[] {
  const keyed = candidates.map((c) => ({ c, fresh: shownInSet.has(c.id) ? 0 : 1, key: Math.pow(random(), 1 / c.pricePerViewFen) }));
  keyed.sort((a, b) => b.fresh - a.fresh || b.key - a.key);
  return keyed.map((k) => k.c);
}
