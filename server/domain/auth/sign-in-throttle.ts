/**
 * How fast passwords may be guessed (SECURITY.md). Failures are counted per (number, source) and
 * per source over a window; past a few free tries each further try waits a delay that doubles, up
 * to the window. Nothing is counted per number alone: a stranger's failures, from their network,
 * never slow the owner down on theirs.
 */
export const THROTTLE_WINDOW_MS = 15 * 60_000;

export interface ThrottleRule {
  /** Failures in the window before any delay. */
  free: number;
  /** The delay after the first failure past `free`; it doubles with each one after. */
  firstDelayMs: number;
}

/** One number from one source: 5 free tries, then 15 s, 30 s, 1 min, 2 min… (a few tries a minute at most). */
export const PER_ACCOUNT_AND_SOURCE: ThrottleRule = { free: 5, firstDelayMs: 15_000 };
/** One source across numbers (a guesser walking through accounts): 20 free, then 5 s, 10 s, 20 s… */
export const PER_SOURCE: ThrottleRule = { free: 20, firstDelayMs: 5_000 };

/** How long after the latest failure the next try is allowed, given the failures already in the window. */
export function throttleDelayMs(rule: ThrottleRule, failures: number): number {
  if (failures < rule.free) return 0;
  return Math.min(THROTTLE_WINDOW_MS, rule.firstDelayMs * 2 ** Math.min(failures - rule.free, 20));
}

/** Milliseconds until a try is allowed (0: now), from the failures before it and when the latest was. */
export function retryAfterMs(rule: ThrottleRule, failures: number, latestFailure: Date | null, now: Date): number {
  const delay = throttleDelayMs(rule, failures);
  if (delay === 0 || !latestFailure) return 0;
  return Math.max(0, latestFailure.getTime() + delay - now.getTime());
}

/** The RATE_LIMITED message's parameters: seconds under a minute, whole minutes (rounded up) after. */
export function retryParams(waitMs: number): { seconds: number; minutes: number } {
  const seconds = Math.ceil(waitMs / 1000);
  return { seconds, minutes: seconds >= 60 ? Math.ceil(seconds / 60) : 0 };
}
