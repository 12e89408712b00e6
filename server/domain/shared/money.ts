import { DomainError } from "./errors";

/** The largest amount any single operation accepts: ¥10,000,000.00. Guards against overflow and typos. */
export const MAX_AMOUNT_FEN = 1_000_000_000;

/** Asserts a positive whole number of fen (or points) no larger than MAX_AMOUNT_FEN. */
export function assertAmountFen(amount: number, field = "amount"): void {
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > MAX_AMOUNT_FEN) {
    throw new DomainError("AMOUNT_OUT_OF_RANGE", { field, max: MAX_AMOUNT_FEN });
  }
}

/** ratio (basis points) × amount, rounded down once; what rounding leaves stays with the payer. */
export function applyRatioBp(amount: number, ratioBp: number): number {
  return Math.floor((amount * ratioBp) / 10_000);
}
