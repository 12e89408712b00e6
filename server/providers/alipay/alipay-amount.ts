import { DomainError } from "../../domain/shared/errors";

/** Alipay writes amounts in yuan with at most two decimals ("88.88"); we keep integer fen. */
export function alipayYuanToFen(yuan: string | undefined): number {
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(yuan ?? "");
  if (!m) throw new DomainError("BAD_INPUT", { field: "total_amount" });
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

export function fenToAlipayYuan(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new DomainError("BAD_INPUT", { field: "amountFen" });
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
}
