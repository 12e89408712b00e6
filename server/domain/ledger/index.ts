export { PLATFORM_ACCOUNTS, accountRefKey, type PlatformAccount, type AccountRef } from "./accounts";
export { postTransfers, type PostOptions, type TransferInput, type PostResult, type PostedEntry } from "./post-transfers";
export { readUserBalances, readPlatformBalance, type Balances } from "./read-balances";
export { listUserEntries, type UserEntry } from "./list-user-entries";
export { checkLedgerInvariants, type LedgerViolation } from "./check-invariants";
export { postTransfersSet, type TransferSet, type SetPostResult } from "./post-transfers-set";
