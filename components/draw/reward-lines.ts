import { formatAssetAmount, formatFen } from "../money/format-fen";

/** One line per reward on the result page: a release's credit and cash legs are one line. */
export interface ResultLine {
  key: string;
  /** The reason as recorded ("draw.L-A", "join.pay") or a merged release ("draw.W-D", "draw.R-L1"). */
  reason: string;
  asset: string;
  amount: number;
  /** A release (credit → cash): the amount moved into cash. */
  release: boolean;
}

const RELEASE = /^(draw\.(?:W-D|L-B|R-L1|R-L2))\.(credit|cash)$/;

/**
 * The viewer's ledger lines for a group, in order, with each release's two legs (credit out,
 * cash in) folded into one line "购物金释放 ¥x → 零钱". Same-reason lines of different entries
 * (several seats) stay apart.
 */
export function foldRewardLines(rows: readonly { entryId: string; reason: string; asset: string; amount: number }[]): ResultLine[] {
  const lines: ResultLine[] = [];
  const releases = new Map<string, ResultLine>();
  for (const r of rows) {
    const m = RELEASE.exec(r.reason);
    if (!m) {
      lines.push({ key: `${r.entryId}:${r.reason}:${lines.length}`, reason: r.reason, asset: r.asset, amount: r.amount, release: false });
      continue;
    }
    const key = `${r.entryId}:${m[1]}`;
    let line = releases.get(key);
    if (!line) {
      line = { key, reason: m[1]!, asset: "cash", amount: 0, release: true };
      releases.set(key, line);
      lines.push(line);
    }
    // The cash leg is what arrived; the credit leg is the same amount leaving 购物金.
    if (m[2] === "cash") line.amount = r.amount;
    else if (line.amount === 0) line.amount = -r.amount;
  }
  return lines;
}

/** A line's amount as shown: "+¥1.49", or for a release "¥1.49 → 零钱" (`cashLabel`: the cash wallet's name). */
export function formatRewardAmount(line: ResultLine, cashLabel: string): string {
  return line.release ? `${formatFen(line.amount)} → ${cashLabel}` : formatAssetAmount(line.asset, line.amount, { sign: "always" });
}
