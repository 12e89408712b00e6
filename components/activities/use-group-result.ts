"use client";

import { skipToken, useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc/react";

/** How often a group waiting for its draw is read again, in case its `drawn` event was missed. */
const PENDING_POLL_MS = 2000;

/**
 * One group's result (seats, winners, the viewer's own outcome and rewards). The room hears
 * `filled` and `drawn` over SSE and refreshes this then; while the group is still open or being
 * drawn it is also re-read on a timer, so a dropped event cannot leave the room waiting; so is a
 * won product prize until its order exists (made in its own transaction right after the draw).
 */
export function useGroupResult(groupId: string | null) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.activities.group.queryOptions(groupId ? { groupId } : skipToken),
    refetchInterval: (q) => {
      const data = q.state.data;
      const pending = data?.group.status === "open" || data?.group.status === "full" || data?.myPrizes.some((p) => p.kind === "product" && !p.order);
      return pending ? PENDING_POLL_MS : false;
    },
  });
}
