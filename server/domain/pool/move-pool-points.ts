import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { poolMoves } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { DomainError, pgConstraint } from "../shared/errors";
import { assertAmountFen } from "../shared/money";
import { postTransfersSet } from "../ledger";
import { POOL_ACCOUNT } from "./pool-accounts";
import { assertNotFrozen, readAccountStanding } from "../users/account-standing";
import { poolAllows, poolCalendar } from "./pool-phase";

export type PoolMove = typeof poolMoves.$inferSelect;

/**
 * Moves dividend points into or out of the pool (spec §5): only in whole hundreds, in while the
 * month is not frozen (days 1–24), out only on days 1–5. `moveId` is made once per form, so a
 * double submit replays the first move. The ledger transfer and the holding change commit together;
 * the holding's CHECK (≥ 0) refuses taking out more than is in.
 */
export async function movePoolPoints(
  tx: DbOrTx,
  clock: Clock,
  input: { userId: string; direction: "in" | "out"; points: number; moveId: string },
): Promise<{ move: PoolMove; replayed: boolean }> {
  assertAmountFen(input.points, "points");
  if (input.points % 100 !== 0) throw new DomainError("POOL_NOT_HUNDREDS");
  const now = clock.now();
  const { phase } = poolCalendar(now);
  if (!poolAllows(phase, input.direction)) throw new DomainError(input.direction === "in" ? "POOL_FROZEN" : "POOL_OUT_CLOSED");

  const user = await readAccountStanding(tx, input.userId);
  if (!user) throw new DomainError("NOT_FOUND");
  assertNotFrozen(user);
  if (user.role !== "shopper") throw new DomainError("FORBIDDEN");

  const [inserted] = await tx
    .insert(poolMoves)
    .values({ id: input.moveId, userId: input.userId, direction: input.direction, points: input.points, createdAt: now })
    .onConflictDoNothing({ target: poolMoves.id })
    .returning();
  if (!inserted) {
    const [prior] = await tx.select().from(poolMoves).where(sql`${poolMoves.id} = ${input.moveId}`);
    if (!prior || prior.userId !== input.userId || prior.direction !== input.direction || prior.points !== input.points) {
      throw new DomainError("IDEMPOTENCY_MISMATCH", { key: input.moveId });
    }
    return { move: prior, replayed: true };
  }

  const user_ = sql`${input.userId}::uuid`;
  const pool = sql`${POOL_ACCOUNT}::text`;
  const into = input.direction === "in";
  // The candidate row of an upsert is checked before the conflict, so a move out is a plain UPDATE.
  try {
    const changed = into
      ? await tx.execute(sql`
          INSERT INTO pool_holdings (user_id, points, updated_at) VALUES (${input.userId}, ${input.points}, ${now.toISOString()}::timestamptz)
          ON CONFLICT (user_id) DO UPDATE SET points = pool_holdings.points + EXCLUDED.points, updated_at = EXCLUDED.updated_at RETURNING 1`)
      : await tx.execute(sql`
          UPDATE pool_holdings SET points = points - ${input.points}, updated_at = ${now.toISOString()}::timestamptz
          WHERE user_id = ${input.userId} RETURNING 1`);
    if (changed.length === 0) throw new DomainError("INSUFFICIENT_BALANCE");
  } catch (e) {
    if (pgConstraint(e) === "pool_holdings_points") throw new DomainError("INSUFFICIENT_BALANCE");
    throw e;
  }
  await postTransfersSet(tx, clock, {
    keyPrefix: "pool:",
    reason: into ? "pool.in" : "pool.out",
    ref: { type: "pool_move", id: input.moveId },
    asset: "divPoints",
    select: into
      ? sql`SELECT ${input.moveId}::text AS key_suffix, ${user_} AS from_user, NULL::text AS from_platform, NULL::uuid AS to_user, ${pool} AS to_platform, ${input.points}::bigint AS amount`
      : sql`SELECT ${input.moveId}::text AS key_suffix, NULL::uuid AS from_user, ${pool} AS from_platform, ${user_} AS to_user, NULL::text AS to_platform, ${input.points}::bigint AS amount`,
  });
  return { move: inserted, replayed: false };
}
