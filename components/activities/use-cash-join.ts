"use client";

import { useState } from "react";
import { readError, type ShownError } from "../errors/read-error";
import { useTRPCClient } from "../trpc/react";
import type { JoinedSeat } from "./pay-sheet";

/** The server answers a join within about 5 s (server/env.ts); past this the answer is taken as lost. */
const JOIN_ANSWER_MS = 10_000;
const CHECK_ANSWER_MS = 8_000;

/** Answers after which the join may or may not have been made: the entry id is asked before a retry is offered. */
const ANSWER_LOST = new Set<string | null>([null, "SERVICE_UNAVAILABLE", "JOIN_OUTCOME_UNKNOWN", "TRY_AGAIN", "INTERNAL"]);

export interface CashJoinWords {
  /** A transport failure with nothing from the server. */
  network: string;
  /** The answer was lost and the entry id shows no seat (yet): a retry is the same payment. */
  notSeated: string;
  /** The answer was lost and the check failed too. */
  unchecked: string;
}

export type CashJoinResult = { joined: JoinedSeat } | { error: ShownError; retry: boolean };

/**
 * Paying a seat from cash. When the answer is lost (a timeout, a network error, the database away,
 * JOIN_OUTCOME_UNKNOWN) the join may have committed: the hook asks for the entry by its id
 * (`activities.entry`) and shows the seat if it is there, so a join that went through is never a
 * silent charge; only then does it offer a retry, with the same entry id, which the server answers
 * with the first join if it did commit meanwhile (charged once, whatever happens).
 */
export function useCashJoin(words: CashJoinWords) {
  const client = useTRPCClient();
  const [phase, setPhase] = useState<"idle" | "paying" | "checking">("idle");

  async function pay(input: { activityId: string; itemId: string; entryId: string }): Promise<CashJoinResult> {
    setPhase("paying");
    try {
      return { joined: await client.activities.join.mutate(input, { signal: AbortSignal.timeout(JOIN_ANSWER_MS) }) };
    } catch (e) {
      const shown = readError(e, words.network);
      if (!ANSWER_LOST.has(shown.code)) return { error: shown, retry: false };
      setPhase("checking");
      try {
        const entry = await client.activities.entry.query({ entryId: input.entryId }, { signal: AbortSignal.timeout(CHECK_ANSWER_MS) });
        if (entry) return { joined: entry };
        return { error: { ...shown, message: shown.code === null || shown.code === "JOIN_OUTCOME_UNKNOWN" ? words.notSeated : shown.message }, retry: true };
      } catch {
        return { error: { ...shown, message: words.unchecked }, retry: true };
      }
    } finally {
      setPhase("idle");
    }
  }

  return { pay, paying: phase !== "idle", checking: phase === "checking" };
}
