/** Inputs shared by server prefetch and client queries: the query keys must match for hydration. */
export const HISTORY_INPUT = { limit: 20 } as const;
export const MY_WITHDRAWALS_INPUT = { limit: 10 } as const;

/** Keyset pages: the next page starts at the cursor the last one returned. */
export const nextPage = <C,>(last: { nextCursor: C | null }) => last.nextCursor;
export const PAGED = { getNextPageParam: nextPage } as const;
