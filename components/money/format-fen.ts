/**
 * Money is integer fen everywhere; this is the one place it becomes text. Integer arithmetic only,
 * so ¥0.29 never prints as ¥0.28999.
 */
export function formatFen(fen: number, options: { sign?: "auto" | "always" } = {}): string {
  if (!Number.isSafeInteger(fen)) return "¥—";
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, "0");
  const sign = fen < 0 ? "-" : options.sign === "always" && fen > 0 ? "+" : "";
  return `${sign}¥${groupThousands(yuan)}.${cents}`;
}

/** Whole points (分红积分, 商城积分): integers, grouped, optionally signed. */
export function formatPoints(points: number, options: { sign?: "auto" | "always" } = {}): string {
  if (!Number.isSafeInteger(points)) return "—";
  const sign = points < 0 ? "-" : options.sign === "always" && points > 0 ? "+" : "";
  return `${sign}${groupThousands(Math.abs(points))}`;
}

/** Assets counted in fen show as yuan; point assets show as whole numbers. */
export const FEN_ASSETS = new Set(["cash", "credit", "voucher"]);

export function formatAssetAmount(asset: string, amount: number, options: { sign?: "auto" | "always" } = {}): string {
  return FEN_ASSETS.has(asset) ? formatFen(amount, options) : formatPoints(amount, options);
}

function groupThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
