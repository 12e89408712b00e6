/** Inputs shared by the page's server prefetch and the client lists: the query keys must match for hydration. */
export const DOWNLINE_INPUT = { 1: { level: 1, limit: 20 }, 2: { level: 2, limit: 20 } } as const;
export const EARNINGS_INPUT = { limit: 20 } as const;
