/**
 * Pool points stay divPoints in the ledger: a move in is `divPoints: user → dividend_pool`, a move
 * out the reverse, so every asset still sums to zero. `pool_holdings` says whose points the
 * platform account holds; their sum equals that account's derived balance (checkPoolInvariants).
 */
export const POOL_ACCOUNT = "dividend_pool";
/** Profit shares are paid from the platform's reward expense, like every other cash reward. */
export const POOL_PAYER = "rewards_expense";
