import { DomainError } from "./errors";

/** The largest amount any single operation accepts: ¥10,000,000.00. Guards against overflow and typos. */
export const MAX_AMOUNT_FEN = 1_000_000_000;

/** 12345 → "123.45": yuan as text for messages, by integer arithmetic (no floats near money). */
export function fenToYuanText(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** The error for an amount outside [minFen, maxFen], with the bounds in yuan for the message. */
export function amountOutOfRange(minFen: number, maxFen: number, field = "amount"): DomainError {
  return new DomainError("AMOUNT_OUT_OF_RANGE", { field, min: fenToYuanText(minFen), max: fenToYuanText(maxFen) });
}

/** Asserts a positive whole number of fen (or points) no larger than MAX_AMOUNT_FEN. */
export function assertAmountFen(amount: number, field = "amount"): void {
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > MAX_AMOUNT_FEN) throw amountOutOfRange(1, MAX_AMOUNT_FEN, field);
}

/** ratio (basis points) × amount, rounded down once; what rounding leaves stays with the payer. */
export function applyRatioBp(amount: number, ratioBp: number): number {
  return Math.floor((amount * ratioBp) / 10_000);
}
