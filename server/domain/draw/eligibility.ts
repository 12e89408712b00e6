import type { ActivityConfig } from "../shared/activity-config";

/** Per user and activity: the state behind rules 3–5. */
export interface DrawCounters {
  consecutiveWins: number;
  streakBlockLeft: number;
  winsInPeriod: number;
  totalBlockLeft: number;
  windowEntries: number;
  windowWins: number;
}

export const ZERO_COUNTERS: DrawCounters = { consecutiveWins: 0, streakBlockLeft: 0, winsInPeriod: 0, totalBlockLeft: 0, windowEntries: 0, windowWins: 0 };

export type IneligibleReason = "firstOfDay" | "newUser" | "winStreak" | "totalWins" | "windowCap";

export interface EntryFacts {
  seat: number;
  userId: string;
  firstOfDay: boolean;
  firstEver: boolean;
}

export interface Eligibility {
  seat: number;
  eligible: boolean;
  reason: IneligibleReason | null;
}

type Rules = ActivityConfig["rules"];

/**
 * Spec §3 eligibility, fixed when a group closes. Rules 1–2 look at this group only; rules 3–5 read
 * each user's counters, consuming blocked entries in seat order. Returns the eligibility of every
 * seat (with the first rule that made it ineligible) and the counters as they stand after
 * evaluation; `applyOutcomes` then records the wins.
 */
export function evaluateEligibility(
  rules: Rules,
  entries: readonly EntryFacts[],
  countersBefore: ReadonlyMap<string, DrawCounters>,
): { eligibility: Eligibility[]; counters: Map<string, DrawCounters> } {
  const sorted = [...entries].sort((a, b) => a.seat - b.seat);
  const counters = new Map<string, DrawCounters>();
  const countersOf = (userId: string) => {
    let c = counters.get(userId);
    if (!c) counters.set(userId, (c = { ...(countersBefore.get(userId) ?? ZERO_COUNTERS) }));
    return c;
  };
  // Rule 5 walks each user's window entry by entry, so a later seat of theirs in this group that
  // starts a new window is judged by the new window (wins in this group are not known yet).
  const window = new Map<string, { entries: number; wins: number }>();
  const firstOfDaySeat = rules.firstOfDay.on ? sorted.find((e) => e.firstOfDay)?.seat : undefined;
  const newUserSeat = rules.newUser.on ? sorted.find((e) => e.firstEver)?.seat : undefined;

  const eligibility = sorted.map((e): Eligibility => {
    const c = countersOf(e.userId);
    const reasons: IneligibleReason[] = [];
    if (e.seat === firstOfDaySeat) reasons.push("firstOfDay");
    if (e.seat === newUserSeat) reasons.push("newUser");
    // "The next Y entries are ineligible": every entry uses one up, whatever else applies to it.
    if (rules.winStreak.on && c.streakBlockLeft > 0) {
      reasons.push("winStreak");
      c.streakBlockLeft -= 1;
    }
    if (rules.totalWins.on && c.totalBlockLeft > 0) {
      reasons.push("totalWins");
      c.totalBlockLeft -= 1;
    }
    if (rules.windowCap.on) {
      const w = window.get(e.userId) ?? { entries: c.windowEntries, wins: c.windowWins };
      if (w.entries >= rules.windowCap.x) Object.assign(w, { entries: 0, wins: 0 });
      if (w.wins >= rules.windowCap.z) reasons.push("windowCap");
      w.entries += 1;
      window.set(e.userId, w);
    }
    return { seat: e.seat, eligible: reasons.length === 0, reason: reasons[0] ?? null };
  });
  return { eligibility, counters };
}

/**
 * Records a drawn group's outcomes into the counters, entry by entry in seat order. A winner drawn
 * from the ineligible (policy `random`) loses what is left of their no-win privilege.
 */
export function applyOutcomes(
  rules: Rules,
  entries: readonly { seat: number; userId: string; won: boolean; wasEligible: boolean }[],
  counters: Map<string, DrawCounters>,
): Map<string, DrawCounters> {
  for (const e of [...entries].sort((a, b) => a.seat - b.seat)) {
    const c = counters.get(e.userId) ?? { ...ZERO_COUNTERS };
    counters.set(e.userId, c);
    if (e.won && !e.wasEligible) {
      c.streakBlockLeft = 0;
      c.totalBlockLeft = 0;
    }
    if (rules.winStreak.on) {
      c.consecutiveWins = e.won ? c.consecutiveWins + 1 : 0;
      if (c.consecutiveWins >= rules.winStreak.x) {
        c.streakBlockLeft = rules.winStreak.y;
        c.consecutiveWins = 0;
      }
    }
    if (rules.totalWins.on && e.won) {
      c.winsInPeriod += 1;
      if (c.winsInPeriod >= rules.totalWins.x) {
        c.totalBlockLeft = rules.totalWins.y;
        c.winsInPeriod = 0;
      }
    }
    if (rules.windowCap.on) {
      c.windowEntries += 1;
      if (e.won) c.windowWins += 1;
      if (c.windowEntries >= rules.windowCap.x) {
        c.windowEntries = 0;
        c.windowWins = 0;
      }
    }
  }
  return counters;
}

/** 不中奖特权: how many of a user's next entries in this activity cannot win, as far as known now. */
export function noWinEntriesLeft(rules: Rules, c: DrawCounters): number {
  const blocked = Math.max(rules.winStreak.on ? c.streakBlockLeft : 0, rules.totalWins.on ? c.totalBlockLeft : 0);
  const windowRest = rules.windowCap.on && c.windowWins >= rules.windowCap.z ? rules.windowCap.x - c.windowEntries : 0;
  return Math.max(blocked, windowRest);
}
