"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState } from "react";
import { readError } from "../errors/read-error";
import { useTRPC, useTRPCClient } from "../trpc/react";
import { toast } from "../ui/toast";
import { measureOffset } from "./server-offset";
import type { AdSetReward, PlayingView } from "./types";

export type PlayerPhase =
  | { kind: "loading" }
  | { kind: "playing"; view: PlayingView }
  | { kind: "completing"; view: PlayingView }
  | { kind: "stalled"; view: PlayingView }
  | { kind: "reward"; reward: AdSetReward };

export interface PlayerState {
  phase: PlayerPhase;
  viewsDone: number;
  viewsRequired: number;
}

/** Where the player starts: today's set in progress on this device (resume), or a new one. */
export interface PlayerEntry {
  resume: boolean;
  viewsDone: number;
  viewsRequired: number;
}

// The completion is sent a moment after the deadline, so a small clock misestimate rarely costs a round trip.
const COMPLETE_MARGIN_MS = 300;
// Resyncs in a row without an ad to show: past this, something disagrees and the shopper is told.
const MAX_RESYNCS = 3;

/**
 * Plays one ad set to its end: start (or resume) the set, open a view, wait out its duration by the
 * server's clock, report it, open the next, until the completion that carries the reward. Each run
 * has a generation: answers that arrive after the player closed change nothing.
 */
export function useAdSet(entry: PlayerEntry, onExit: () => void) {
  const t = useTranslations("earn");
  const errors = useTranslations("errors");
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [state, setState] = useState<PlayerState>({ phase: { kind: "loading" }, viewsDone: entry.viewsDone, viewsRequired: entry.viewsRequired });
  const [held, setHeld] = useState(false);
  const generation = useRef(0);
  const setId = useRef<string | null>(null);
  const resyncs = useRef(0);

  const live = (g: number) => g === generation.current;
  const setPhase = (phase: PlayerPhase) => setState((s) => ({ ...s, phase }));

  const exit = useCallback(() => {
    generation.current += 1;
    onExit();
  }, [onExit]);

  const fail = useCallback(
    (g: number, error: unknown) => {
      if (!live(g)) return;
      toast.error(readError(error, t("networkError")).message);
      exit();
    },
    [exit, t],
  );

  const play = useCallback((g: number, view: PlayingView) => {
    if (!live(g)) return;
    resyncs.current = 0;
    setPhase({ kind: "playing", view });
  }, []);

  // Declared before use through a ref: openNext and resync call each other.
  const resyncRef = useRef<(g: number) => Promise<void>>(async () => {});

  const openNext = useCallback(
    async (g: number, id: string) => {
      setPhase({ kind: "loading" });
      try {
        const v = await client.ads.openView.mutate({ setId: id });
        play(g, { viewId: v.viewId, nonce: v.nonce, completesAtMs: v.completesAt.getTime(), durationSeconds: v.durationSeconds, creative: v.creative, offsetMs: measureOffset(v.openedAt) });
      } catch (e) {
        if (!live(g)) return;
        // A view of this set is already open (a second tab, an answer lost on the way): show that one.
        if (readError(e, "").code === "AD_VIEW_IN_PROGRESS") return resyncRef.current(g);
        fail(g, e);
      }
    },
    [client, fail, play],
  );

  /** Reads the set's state afresh (and the server's clock with it), then plays what is open or opens the next. */
  const resync = useCallback(
    async (g: number) => {
      if (!live(g)) return;
      resyncs.current += 1;
      if (resyncs.current > MAX_RESYNCS) return fail(g, null);
      try {
        const page = await queryClient.fetchQuery({ ...trpc.ads.page.queryOptions(), staleTime: 0 });
        const offsetMs = measureOffset(page.serverNow);
        if (!live(g)) return;
        const current = page.current;
        if (!current || !current.onThisDevice) {
          toast.error(errors("AD_SET_NOT_OPEN"));
          return exit();
        }
        setId.current = current.setId;
        setState((s) => ({ ...s, viewsDone: current.viewsDone, viewsRequired: current.viewsRequired }));
        const p = current.playing;
        if (p) play(g, { viewId: p.viewId, nonce: p.nonce, completesAtMs: p.completesAt.getTime(), durationSeconds: p.durationSeconds, creative: p.creative, offsetMs });
        else await openNext(g, current.setId);
      } catch (e) {
        fail(g, e);
      }
    },
    [errors, exit, fail, openNext, play, queryClient, trpc],
  );
  resyncRef.current = resync;

  const complete = useCallback(
    async (g: number, view: PlayingView) => {
      if (!live(g)) return;
      setPhase({ kind: "completing", view });
      try {
        const out = await client.ads.completeView.mutate({ viewId: view.viewId, nonce: view.nonce });
        if (!live(g)) return;
        setState((s) => ({ ...s, viewsDone: out.viewsDone, viewsRequired: out.viewsRequired }));
        if (out.reward) {
          setPhase({ kind: "reward", reward: out.reward });
          void queryClient.invalidateQueries({ queryKey: trpc.ads.pathKey() });
          void queryClient.invalidateQueries({ queryKey: trpc.wallet.pathKey() });
          return;
        }
        if (setId.current) await openNext(g, setId.current);
        else await resync(g);
      } catch (e) {
        if (!live(g)) return;
        const err = readError(e, t("networkError"));
        // Our estimate of the server's clock ran ahead: measure it again and wait out the rest.
        if (err.code === "AD_VIEW_TOO_EARLY") return resync(g);
        // The view ended another way (expired, another tab): carry on from the set as it stands.
        if (err.code === "AD_VIEW_NOT_OPEN") {
          toast.info(err.message);
          return resync(g);
        }
        toast.error(err.message);
        // Offline or a passing server error: the view is still open, so the same report can be sent again.
        if (err.code === null || err.code === "TRY_AGAIN" || err.code === "INTERNAL") return setPhase({ kind: "stalled", view });
        exit();
      }
    },
    [client, exit, openNext, queryClient, resync, t, trpc],
  );

  // Start or resume once per mount; leaving (or React's dev double mount) ends the run.
  useEffect(() => {
    const g = ++generation.current;
    if (entry.resume) void resync(g);
    else
      void (async () => {
        try {
          const set = await client.ads.startSet.mutate();
          if (!live(g)) return;
          setId.current = set.setId;
          setState((s) => ({ ...s, viewsDone: set.viewsDone, viewsRequired: set.viewsRequired }));
          await openNext(g, set.setId);
        } catch (e) {
          fail(g, e);
        }
      })();
    return () => {
      generation.current += 1;
    };
    // One run per mount, by design: the entry is read once.
  }, []);

  // When the ad's time is up on the server's clock, report it (not while the close confirmation is open).
  const { phase } = state;
  useEffect(() => {
    if (phase.kind !== "playing" || held) return;
    const g = generation.current;
    const view = phase.view;
    const wait = Math.max(0, view.completesAtMs - (Date.now() + view.offsetMs)) + COMPLETE_MARGIN_MS;
    const id = setTimeout(() => void complete(g, view), wait);
    return () => clearTimeout(id);
  }, [phase, held, complete]);

  /** The shopper confirmed closing: the open view is forfeited and the player leaves. */
  const closeView = useCallback(
    async (view: PlayingView) => {
      const g = generation.current;
      try {
        await client.ads.closeView.mutate({ viewId: view.viewId, nonce: view.nonce });
        toast.info(t("player.closed", { left: Math.max(1, state.viewsRequired - state.viewsDone) }));
      } catch (e) {
        const err = readError(e, t("networkError"));
        if (err.code !== "AD_VIEW_NOT_OPEN") toast.error(err.message);
      }
      if (live(g)) exit();
    },
    [client, exit, state.viewsDone, state.viewsRequired, t],
  );

  const retry = useCallback(() => {
    if (phase.kind === "stalled") void complete(generation.current, phase.view);
  }, [complete, phase]);

  return { state, hold: setHeld, closeView, retry, exit };
}
