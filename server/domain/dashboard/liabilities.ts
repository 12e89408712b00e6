import "server-only";
import { ASSETS, type Asset } from "@/db/schema";
import { POOL_ACCOUNT } from "../pool/pool-accounts";
import { ADVERTISER, balanceKey, USER, type FlowRow, type Holder } from "./ledger-flows";

/**
 * What the platform owes (spec §9 "outstanding liabilities"): each is the balance of one holder
 * in one asset, derived from ledger entries. Pool points stay dividend points on the platform
 * account `dividend_pool`; held commission and pending withdrawals are users' cash parked on
 * platform accounts until released or paid.
 */
export const LIABILITIES = [
  { key: "cash", asset: "cash", holder: USER, unit: "fen" },
  { key: "credit", asset: "credit", holder: USER, unit: "fen" },
  { key: "divPoints", asset: "divPoints", holder: USER, unit: "points" },
  { key: "mallPoints", asset: "mallPoints", holder: USER, unit: "points" },
  { key: "voucher", asset: "voucher", holder: USER, unit: "fen" },
  { key: "poolPoints", asset: "divPoints", holder: POOL_ACCOUNT, unit: "points" },
  { key: "heldCommission", asset: "cash", holder: "commission_hold", unit: "fen" },
  { key: "pendingWithdrawals", asset: "cash", holder: "withdrawal_hold", unit: "fen" },
  { key: "advertiserBudgets", asset: "cash", holder: ADVERTISER, unit: "fen" },
] as const satisfies readonly { key: string; asset: Asset; holder: Holder; unit: "fen" | "points" }[];

export type LiabilityKey = (typeof LIABILITIES)[number]["key"];
export type Liabilities = Record<LiabilityKey, number>;

export function liabilitiesOf(balances: ReadonlyMap<string, number>): Liabilities {
  return Object.fromEntries(LIABILITIES.map((l) => [l.key, balances.get(balanceKey(l.asset, l.holder)) ?? 0])) as Liabilities;
}

/** Where cash crosses the platform's edge: money in (gateway, advertisers, networks, opening grants) and out (payouts). */
const CASH_EDGE = new Set(["gateway_clearing", "payout_clearing", "ad_prepayments", "ad_network_receivable", "opening_balances"]);

export interface AssetReconciliation {
  asset: Asset;
  /** Sum of users' running balances (ledger_accounts.balance), and the same derived from entries. */
  usersRunning: number;
  usersFromEntries: number;
  advertisersRunning: number;
  advertisersFromEntries: number;
  /** Sum of the platform accounts, derived from entries. */
  platform: number;
  /** usersRunning + advertisersRunning + platform: zero when the books agree. */
  difference: number;
}

export interface CashReconciliation {
  topupsFen: number;
  /** Advertisers' prepayments, ad networks' revenue and opening grants: cash in that is not a top-up. */
  otherInFen: number;
  withdrawalsPaidFen: number;
  /** Cash in − cash out. */
  netInFen: number;
  /** Users' cash + advertisers' budgets (running balances) + the platform's own cash accounts. */
  heldFen: number;
  /** heldFen − netInFen: zero when every fen held came in and has not gone out. */
  differenceFen: number;
}

export interface Reconciliation {
  assets: AssetReconciliation[];
  cash: CashReconciliation;
  ok: boolean;
}

/**
 * The reconciliation (spec §8 as the dashboard shows it): for every asset, users' running balances
 * + advertisers' + the platform accounts sum to zero; and cash in − cash out equals the cash held.
 * `balances` are derived from entries, `running` are the sums of running balances at the same
 * instant, `cashFlows` are all cash flows up to it (by reason and holder).
 */
export function reconcile(balances: ReadonlyMap<string, number>, running: ReadonlyMap<string, number>, cashFlows: readonly FlowRow[]): Reconciliation {
  const platformOf = (asset: Asset, include: (holder: string) => boolean) =>
    [...balances].reduce((s, [key, v]) => {
      const [a, holder] = key.split("|") as [Asset, string];
      return a === asset && holder !== USER && holder !== ADVERTISER && include(holder) ? s + v : s;
    }, 0);
  const assets = ASSETS.map((asset): AssetReconciliation => {
    const usersRunning = running.get(balanceKey(asset, USER)) ?? 0;
    const advertisersRunning = running.get(balanceKey(asset, ADVERTISER)) ?? 0;
    const platform = platformOf(asset, () => true);
    return {
      asset,
      usersRunning,
      usersFromEntries: balances.get(balanceKey(asset, USER)) ?? 0,
      advertisersRunning,
      advertisersFromEntries: balances.get(balanceKey(asset, ADVERTISER)) ?? 0,
      platform,
      difference: usersRunning + advertisersRunning + platform,
    };
  });
  let topupsFen = 0;
  let otherInFen = 0;
  let withdrawalsPaidFen = 0;
  for (const f of cashFlows) {
    if (f.asset !== "cash") continue;
    if (f.reason === "topup") topupsFen += f.amount;
    else if (f.reason === "ads.prepayment" || f.reason === "ads.network.revenue" || f.fromHolder === "opening_balances") otherInFen += f.amount;
    if (f.reason === "withdrawal.payout") withdrawalsPaidFen += f.amount;
  }
  const heldFen = (running.get(balanceKey("cash", USER)) ?? 0) + (running.get(balanceKey("cash", ADVERTISER)) ?? 0) + platformOf("cash", (h) => !CASH_EDGE.has(h));
  const netInFen = topupsFen + otherInFen - withdrawalsPaidFen;
  const cash = { topupsFen, otherInFen, withdrawalsPaidFen, netInFen, heldFen, differenceFen: heldFen - netInFen };
  const ok = cash.differenceFen === 0 && assets.every((a) => a.difference === 0 && a.usersRunning === a.usersFromEntries && a.advertisersRunning === a.advertisersFromEntries);
  return { assets, cash, ok };
}
