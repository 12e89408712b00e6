import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users, withdrawals, WITHDRAWAL_STATUSES } from "@/db/schema";
import { maskPhone } from "../auth/phone";

type Status = (typeof WITHDRAWAL_STATUSES)[number];

/** Withdrawals, newest first, keyset-paged by creation time; scoped to one user when `userId` is given. */
export async function listWithdrawals(tx: DbOrTx, input: { userId?: string; status?: Status; before?: Date; limit: number }) {
  const where: SQL[] = [];
  if (input.userId) where.push(eq(withdrawals.userId, input.userId));
  if (input.status) where.push(eq(withdrawals.status, input.status));
  if (input.before) where.push(lt(withdrawals.createdAt, input.before));
  const rows = await tx
    .select({
      id: withdrawals.id,
      userId: withdrawals.userId,
      phone: users.phone,
      displayName: users.displayName,
      amountFen: withdrawals.amountFen,
      status: withdrawals.status,
      createdAt: withdrawals.createdAt,
      decidedAt: withdrawals.decidedAt,
      decisionNote: withdrawals.decisionNote,
    })
    .from(withdrawals)
    .innerJoin(users, eq(users.id, withdrawals.userId))
    .where(and(...where))
    .orderBy(desc(withdrawals.createdAt))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit).map((r) => ({ ...r, phone: maskPhone(r.phone) }));
  return { items, nextCursor: rows.length > input.limit ? (items[items.length - 1]?.createdAt ?? null) : null };
}
