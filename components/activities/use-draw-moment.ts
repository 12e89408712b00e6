"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useGroupResult } from "./use-group-result";
import { useReducedMotion } from "./use-reduced-motion";

/** How long a full group shows before its winners are revealed (none with reduced motion). */
export const FILL_MS = 1200;
/** How long the drawn group stays on screen before the room shows the next group. */
export const HOLD_MS = 6000;

export interface WatchedGroup {
  id: string;
  number: number;
}

export interface DrawMoment extends WatchedGroup {
  /** False while the full seat map shows before the winners are revealed. */
  revealed: boolean;
}

/**
 * The room's "a group just closed" moment. The group on screen is remembered; when the room's
 * open group changes (it filled and was drawn, or it was dissolved), the moment holds that group
 * on screen — full, then with its winners — for a few seconds before the next group shows. It
 * follows what the room reads, not which events arrived: a spectator who missed the `filled` or
 * `drawn` event (a reconnect refetches the room) still learns the group they were watching closed.
 * The closed group is read (and re-read until it is drawn or dissolved); the hold starts then.
 */
export function useDrawMoment(open: WatchedGroup | null) {
  const reduced = useReducedMotion();
  const watched = useRef<WatchedGroup | null>(null);
  const [moment, setMoment] = useState<DrawMoment | null>(null);

  useEffect(() => {
    // While a moment is on screen the next group is not watched yet: it is watched once it shows.
    if (moment) return;
    const before = watched.current;
    watched.current = open ? { id: open.id, number: open.number } : null;
    if (before && before.id !== open?.id) {
      watched.current = null;
      setMoment({ ...before, revealed: false });
    }
  }, [open?.id, open?.number, moment, open]);

  const momentId = moment?.id ?? null;
  const result = useGroupResult(momentId);
  const status = result.data?.group.status;
  const isSettled = status === "drawn" || status === "dissolved";
  const revealed = moment?.revealed ?? false;

  // The full seat map first (a beat, unless motion is reduced), then the outcome once it is known.
  useEffect(() => {
    if (!momentId || revealed || !isSettled) return;
    const timer = setTimeout(() => setMoment((m) => (m && m.id === momentId ? { ...m, revealed: true } : m)), reduced ? 0 : FILL_MS);
    return () => clearTimeout(timer);
  }, [momentId, revealed, isSettled, reduced]);

  useEffect(() => {
    if (!momentId || !revealed) return;
    const timer = setTimeout(() => setMoment((m) => (m && m.id === momentId ? null : m)), HOLD_MS);
    return () => clearTimeout(timer);
  }, [momentId, revealed]);

  const dismiss = useCallback(() => setMoment(null), []);
  return { moment, result: result.data, dismiss };
}
