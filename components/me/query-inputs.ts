/** Inputs shared by server prefetch and client queries: the query keys must match for hydration. */
export const ENTRIES_INPUT = { limit: 20 } as const;
export const NOTIFICATIONS_INPUT = { limit: 20 } as const;
/** The tab bar's unread badge reads one item and the unread count. */
export const UNREAD_INPUT = { limit: 1 } as const;

/** Keyset pages: the next page starts at the cursor the last one returned. */
export const PAGED = { getNextPageParam: (last: { nextCursor: string | null }) => last.nextCursor } as const;
