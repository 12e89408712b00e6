/**
 * Message keys are typed, but some come from data (a ledger reason, a role, an audit action).
 * This asks the translator whether such a key exists, so unknown values fall back to showing as stored.
 */
export function translateOr<K extends string>(t: { has(key: K): boolean; (key: K): string }, key: string, fallback: string): string {
  return t.has(key as K) ? t(key as K) : fallback;
}

/** A typed translator as a plain (key, values) → text function, for helpers whose keys are built from data. */
export function untyped(t: (key: never, values?: never) => string): (key: string, values?: Record<string, string | number>) => string {
  return (key, values) => t(key as never, values as never);
}
