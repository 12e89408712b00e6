import { randomUUID } from "node:crypto";
import { and, count, eq } from "drizzle-orm";
import { createDb, type Db } from "@/db/client";
import { ledgerEntries, notifications, payouts, withdrawals, type DestinationKind } from "@/db/schema";
import type { Actor } from "@/server/domain/audit/record-audit";
import { readPlatformBalance, readUserBalances } from "@/server/domain/ledger";
import { addDestination } from "@/server/domain/payouts/destinations";
import type { RealPayoutProvider } from "@/server/domain/payouts/payout-route";
import type { Clock } from "@/server/domain/shared/clock";
import { decideWithdrawal } from "@/server/domain/wallet/decide-withdrawal";
import { requestWithdrawal } from "@/server/domain/wallet/request-withdrawal";
import { createUser, fund } from "./factories";

/** What the payout tests read after each step: the shopper's cash, the hold, what left, the entries. */
export function moneyProbe(db: Db) {
  return {
    cash: async (userId: string) => (await readUserBalances(db, userId)).cash,
    hold: () => readPlatformBalance(db, "withdrawal_hold", "cash"),
    paidOut: () => readPlatformBalance(db, "payout_clearing", "cash"),
    entries: async () => (await db.select({ n: count() }).from(ledgerEntries))[0]?.n ?? 0,
    payout: async (id: string) => (await db.select().from(payouts).where(eq(payouts.id, id)))[0],
    withdrawal: async (id: string) => (await db.select().from(withdrawals).where(eq(withdrawals.id, id)))[0],
    notice: async (userId: string, kind: string) => (await db.select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, kind))))[0],
  };
}

/**
 * A shopper with cash, a destination and a withdrawal finance approved with `enabled` payout providers
 * on: the payout queued for whichever provider pays that destination (not yet submitted).
 */
export async function approvedWithdrawal(
  db: Db,
  clock: Clock,
  finance: Actor,
  input: { destination: { kind: DestinationKind; account: string; holderName: string; bankCode?: string }; amountFen: number; funded?: number; enabled: readonly RealPayoutProvider[]; wechatAppId?: string; beforeDestination?: (userId: string) => Promise<void> },
) {
  const user = await createUser(db);
  await fund(db, clock, user.id, "cash", input.funded ?? input.amountFen);
  await input.beforeDestination?.(user.id);
  const d = await db.transaction((tx) => addDestination(tx, clock, { userId: user.id, ...input.destination }, { wechatAppId: input.wechatAppId ?? null }));
  const w = await db.transaction((tx) => requestWithdrawal(tx, clock, { userId: user.id, amountFen: input.amountFen, destinationId: d.id, clientKey: randomUUID() }));
  const decided = await db.transaction((tx) => decideWithdrawal(tx, clock, finance, { withdrawalId: w.id, decision: "approve" }, { payoutProviders: input.enabled }));
  if (!decided.payoutId || !decided.provider) throw new Error("approval made no payout");
  return { userId: user.id, withdrawalId: w.id, payoutId: decided.payoutId, provider: decided.provider, amountFen: input.amountFen };
}

/** `n` copies of one delivery at once, each on its own connection (real parallel transactions). */
export async function atOnce<T>(url: string, n: number, deliver: (db: Db) => Promise<T>): Promise<T[]> {
  const pool = createDb(url, { max: n });
  try {
    return await Promise.all(Array.from({ length: n }, () => deliver(pool.db)));
  } finally {
    await pool.close();
  }
}
