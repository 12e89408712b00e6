"use client";

import { useEffect, useState } from "react";

/**
 * Clock offsets by the server time a response carried: offset = serverTime − Date.now() when the
 * browser first saw that response. Remembered per response, so cached data shown again later keeps
 * the offset measured when it arrived (not one measured against an old server time).
 */
const offsets = new Map<number, number>();

function offsetFor(serverTime: Date): number {
  const stamp = serverTime.getTime();
  let offset = offsets.get(stamp);
  if (offset === undefined) {
    offset = stamp - Date.now();
    // A list refetched every few seconds for hours: keep the recent ones only.
    if (offsets.size >= 200) offsets.delete(offsets.keys().next().value!);
    offsets.set(stamp, offset);
  }
  return offset;
}

/** The server's "now", ticking every second; null until mounted (server HTML has no countdown). */
export function useServerNow(serverTime: Date | undefined, intervalMs = 1000): number | null {
  const [now, setNow] = useState<number | null>(null);
  const offset = serverTime && now !== null ? offsetFor(serverTime) : null;
  useEffect(() => {
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now === null || offset === null ? null : now + offset;
}

/** "23:59:07" (or with whole days in front); never negative. */
export function splitCountdown(ms: number): { days: number; clock: string } {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  return { days, clock: `${pad(h)}:${pad(m)}:${pad(s)}` };
}
