"use client";

import { useEffect, useRef, useState } from "react";
import type { GroupEventData } from "./types";

export type LiveStatus = "connecting" | "live" | "offline";

const EVENT_TYPES = ["seat", "filled", "drawn", "dissolved"] as const;

/**
 * Listens to one activity's seat/fill/draw events (Server-Sent Events). `onEvent` gets each event;
 * `onResync` runs after a reconnect, when events may have been missed, so the caller refetches.
 * The browser retries a dropped stream by itself; a stream it gave up on is reopened with backoff.
 */
export function useActivityEvents(activityId: string | null, onEvent: (event: GroupEventData) => void, onResync: () => void): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const handlers = useRef({ onEvent, onResync });
  useEffect(() => {
    handlers.current = { onEvent, onResync };
  });

  useEffect(() => {
    if (!activityId || typeof EventSource === "undefined") return;
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let opened = false;
    let stopped = false;

    const connect = () => {
      source = new EventSource(`/api/activities/${activityId}/events`);
      source.onopen = () => {
        setStatus("live");
        if (opened) handlers.current.onResync();
        opened = true;
        failures = 0;
      };
      for (const type of EVENT_TYPES) {
        source.addEventListener(type, (e) => {
          try {
            handlers.current.onEvent(JSON.parse((e as MessageEvent<string>).data) as GroupEventData);
          } catch {
            handlers.current.onResync();
          }
        });
      }
      source.onerror = () => {
        if (stopped) return;
        setStatus(navigator.onLine === false ? "offline" : "connecting");
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          failures += 1;
          timer = setTimeout(connect, Math.min(30_000, 1000 * 2 ** Math.min(failures, 5)));
        }
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      source?.close();
    };
  }, [activityId]);

  return status;
}
