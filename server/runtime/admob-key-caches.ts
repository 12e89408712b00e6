import "server-only";
import { AdmobKeyCache } from "../domain/ads/ssv/admob";
import { systemClock } from "../domain/shared/clock";

// On globalThis: Next may bundle this module more than once; one cache per key URL per process.
const state = globalThis as unknown as { pinpinAdmobKeys?: Map<string, AdmobKeyCache> };

/** The process's AdMob key cache for a key URL (each holds keys ≤ 24 h, refetches once for an unknown key id). */
export function admobKeysFor(url: string): AdmobKeyCache {
  state.pinpinAdmobKeys ??= new Map();
  let cache = state.pinpinAdmobKeys.get(url);
  if (!cache) {
    cache = new AdmobKeyCache({ url, clock: systemClock });
    state.pinpinAdmobKeys.set(url, cache);
  }
  return cache;
}
