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

/**
 * ratio (basis points) × amount, rounded down once; what rounding leaves stays with the payer. The
 * one place this product is taken: exact for any safe integers (the float quotient is corrected by
 * its remainder, and a product past 2^53 is taken in BigInt).
 */
export function applyRatioBp(amount: number, ratioBp: number): number {
  const product = amount * ratioBp;
  if (!Number.isSafeInteger(product)) {
    const exact = BigInt(amount) * BigInt(ratioBp);
    const q = exact / 10_000n;
    return Number(exact % 10_000n < 0n ? q - 1n : q);
  }
  let q = Math.floor(product / 10_000);
  const r = product - q * 10_000;
  if (r < 0) q -= 1;
  else if (r >= 10_000) q += 1;
  return q;
}

/** Points for money at a ratio of points per yuan (10 000 bp = 1 point per yuan), rounded down once. */
export function pointsPerYuan(moneyFen: number, ratioBp: number): number {
  return Math.floor(applyRatioBp(moneyFen, ratioBp) / 100);
}
