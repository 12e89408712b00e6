import type { TransferInput } from "../ledger";
import type { ActivityConfig } from "../shared/activity-config";
import { applyRatioBp, pointsPerYuan as pointsOf } from "../shared/money";

export interface SettledEntry {
  entryId: string;
  userId: string;
  seat: number;
  itemKind: "product" | "voucher";
  won: boolean;
}

export interface GroupSettlement {
  transfers: TransferInput[];
  /** W-E: each winning entry's contribution to its day's dividend pool. */
  dividendPoolFen: Map<string, number>;
  /** W-A prizes: product orders to ship and vouchers credited. */
  prizes: { entryId: string; kind: "product" | "voucher" }[];
}

/**
 * The money of one drawn group (spec §2 rewards table), as ledger transfers with keys derived from
 * entry ids. Winners' payments move from escrow to revenue; losers are refunded in full (L-0) and
 * get their bonuses. Credit releases (W-D, L-B) are capped by the credit each user held before this
 * group, shared across their entries in it.
 */
export function settleDrawnGroup(input: {
  groupId: string;
  priceFen: number;
  config: ActivityConfig;
  entries: readonly SettledEntry[];
  creditBefore: ReadonlyMap<string, number>;
}): GroupSettlement {
  const { rewards } = input.config;
  const P = input.priceFen;
  const transfers: TransferInput[] = [];
  const dividendPoolFen = new Map<string, number>();
  const prizes: GroupSettlement["prizes"] = [];
  const creditLeft = new Map(input.creditBefore);

  for (const e of [...input.entries].sort((a, b) => a.seat - b.seat)) {
    const ref = { type: "entry", id: e.entryId };
    const user = { userId: e.userId };
    const add = (code: string, t: Omit<TransferInput, "key" | "ref" | "reason">) => {
      if (t.amount > 0) transfers.push({ ...t, key: `entry:${e.entryId}:${code}`, reason: `draw.${code}`, ref });
    };
    const release = (code: string, ratioBp: number) => {
      const amount = Math.min(applyRatioBp(P, ratioBp), creditLeft.get(e.userId) ?? 0);
      if (amount <= 0) return;
      creditLeft.set(e.userId, (creditLeft.get(e.userId) ?? 0) - amount);
      add(`${code}.credit`, { asset: "credit", from: user, to: { platform: "credit_issued" }, amount });
      add(`${code}.cash`, { asset: "cash", from: { platform: "rewards_expense" }, to: user, amount });
    };

    if (e.won) {
      add("settle", { asset: "cash", from: { platform: "group_escrow" }, to: { platform: "store_revenue" }, amount: P });
      if (rewards.WA.on) {
        prizes.push({ entryId: e.entryId, kind: e.itemKind });
        if (e.itemKind === "voucher") add("W-A", { asset: "voucher", from: { platform: "rewards_expense" }, to: user, amount: P });
      }
      if (rewards.WD.on) release("W-D", rewards.WD.ratioBp);
      if (rewards.WB.on) add("W-B", { asset: "divPoints", from: { platform: "rewards_expense" }, to: user, amount: pointsOf(P, rewards.WB.ratioBp) });
      if (rewards.WC.on) add("W-C", { asset: "credit", from: { platform: "credit_issued" }, to: user, amount: applyRatioBp(P, rewards.WC.ratioBp) });
      if (rewards.WE.on) dividendPoolFen.set(e.entryId, applyRatioBp(P, rewards.WE.ratioBp));
      if (rewards.WF.on) add("W-F", { asset: "mallPoints", from: { platform: "rewards_expense" }, to: user, amount: pointsOf(P, rewards.WF.ratioBp) });
    } else {
      add("L-0", { asset: "cash", from: { platform: "group_escrow" }, to: user, amount: P });
      if (rewards.LA.on) add("L-A", { asset: "cash", from: { platform: "rewards_expense" }, to: user, amount: applyRatioBp(P, rewards.LA.ratioBp) });
      if (rewards.LB.on) release("L-B", rewards.LB.ratioBp);
      if (rewards.LC.on) add("L-C", { asset: "mallPoints", from: { platform: "rewards_expense" }, to: user, amount: pointsOf(P, rewards.LC.ratioBp) });
    }
  }
  return { transfers, dividendPoolFen, prizes };
}
