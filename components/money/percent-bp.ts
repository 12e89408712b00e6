import { fenToYuanInput, parseYuanToFen } from "./parse-yuan";

/** 500 basis points → "5"; 1250 → "12.5": a ratio as the percent an operator types. */
export function bpToPercentInput(bp: number): string {
  return fenToYuanInput(bp).replace(/\.?0+$/, "");
}

/** "5.25" or "5.25%" → 525 basis points, read digit by digit like yuan → fen; null when it is not a percent with at most two decimals. */
export function percentInputToBp(text: string): number | null {
  return parseYuanToFen(text.replace(/%\s*$/, ""));
}
