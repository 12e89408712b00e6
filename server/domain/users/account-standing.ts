import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { DomainError } from "../shared/errors";

/** What every money path needs to know about the user it moves money for. */
export interface AccountStanding {
  role: string;
  frozen: boolean;
  frozenReason: string | null;
}

/**
 * The freeze rule (spec §9), in one place: a frozen account may sign in and see its money, but moves
 * none of it: no joins (cash or gateway), withdrawals, ad cash-outs, checkouts, mall redemptions or pool
 * moves. Each of those paths calls this on the user row it read in its own transaction; the refusal
 * carries the operator's reason so the shopper is told why.
 */
export function frozenRefusal(user: Pick<AccountStanding, "frozen" | "frozenReason">): DomainError | null {
  return user.frozen ? new DomainError("ACCOUNT_FROZEN", { reason: user.frozenReason?.trim() || "—" }) : null;
}

export function assertNotFrozen(user: Pick<AccountStanding, "frozen" | "frozenReason">): void {
  const refused = frozenRefusal(user);
  if (refused) throw refused;
}

/**
 * The user's role and freeze, read with `FOR SHARE`: a freeze committing meanwhile waits for this
 * transaction, and one committed before it is seen, so no money moves past a freeze once it is in.
 * `FOR UPDATE` where the path also needs the shopper's own actions one at a time (checkout's caps).
 */
export async function readAccountStanding(tx: DbOrTx, userId: string, lock: "share" | "update" = "share"): Promise<AccountStanding | undefined> {
  const [row] = await tx.execute<{ role: string; frozen: boolean; frozen_reason: string | null }>(
    lock === "update"
      ? sql`SELECT role, frozen, frozen_reason FROM users WHERE id = ${userId}::uuid FOR UPDATE`
      : sql`SELECT role, frozen, frozen_reason FROM users WHERE id = ${userId}::uuid FOR SHARE`,
  );
  return row ? { role: row.role, frozen: row.frozen, frozenReason: row.frozen_reason } : undefined;
}
