"use client";

import { useEffect, useState } from "react";

/**
 * How far the server's clock is ahead of this device's: the server time a response carried minus the
 * local time it arrived. The response's travel time makes the estimate lag the server slightly, so a
 * countdown built on it ends a little late, never early.
 */
export function measureOffset(serverTime: Date): number {
  return serverTime.getTime() - Date.now();
}

/** Milliseconds left until `deadlineMs` on the server's clock, re-read every `intervalMs`. */
export function useServerRemaining(deadlineMs: number, offsetMs: number, intervalMs = 250): number {
  const [remaining, setRemaining] = useState(() => deadlineMs - (Date.now() + offsetMs));
  useEffect(() => {
    setRemaining(deadlineMs - (Date.now() + offsetMs));
    const id = setInterval(() => setRemaining(deadlineMs - (Date.now() + offsetMs)), intervalMs);
    return () => clearInterval(id);
  }, [deadlineMs, offsetMs, intervalMs]);
  return remaining;
}
