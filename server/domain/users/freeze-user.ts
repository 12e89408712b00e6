import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { recordAudit, type Actor } from "../audit/record-audit";
import type { Clock } from "../shared/clock";
import { cleanTextOrNull } from "../shared/clean-text";
import { DomainError } from "../shared/errors";

/** Who outranks whom in the console. Finance and support are peers; a shopper is below every staff role. */
const RANK: Record<string, number> = { shopper: 0, support: 1, finance: 1, operator: 2, owner: 3 };

/**
 * May `actor` freeze or unfreeze `target` (spec §9)? Shoppers, yes (the permission already said the
 * actor may freeze); a staff account only by a higher role, and an owner by another owner; never oneself.
 */
export function mayChangeStanding(actor: { id: string; role: string }, target: { id: string; role: string }): boolean {
  if (actor.id === target.id) return false;
  if (target.role === "shopper") return true;
  return (RANK[actor.role] ?? 0) > (RANK[target.role] ?? 0) || (actor.role === "owner" && target.role === "owner");
}

export const FREEZE_REASON_MIN = 2;
export const FREEZE_REASON_MAX = 200;

/**
 * Freezes (with a required reason) or unfreezes an account, under the user row's lock, with an audit
 * row naming the reason. Freezing a frozen account again, or unfreezing an active one, changes nothing
 * and writes nothing (a double click is harmless).
 */
export async function setUserFrozen(
  tx: DbOrTx,
  clock: Clock,
  actor: Actor,
  input: { userId: string; frozen: boolean; reason: string },
): Promise<{ userId: string; frozen: boolean; changed: boolean }> {
  // Shown to the shopper: cleaned like every text a person types (no control, bidi or invisible characters).
  const reason = cleanTextOrNull(input.reason, { min: FREEZE_REASON_MIN, max: FREEZE_REASON_MAX }) ?? "";
  if (!reason) throw new DomainError("FREEZE_REASON_REQUIRED", { min: FREEZE_REASON_MIN, max: FREEZE_REASON_MAX });
  const [target] = await tx.execute<{ id: string; role: string; frozen: boolean; frozen_reason: string | null }>(
    sql`SELECT id, role, frozen, frozen_reason FROM users WHERE id = ${input.userId}::uuid FOR NO KEY UPDATE`,
  );
  if (!target) throw new DomainError("NOT_FOUND");
  if (!mayChangeStanding(actor, target)) throw new DomainError("FREEZE_OUTRANKED");
  if (target.frozen === input.frozen) return { userId: target.id, frozen: target.frozen, changed: false };

  const now = clock.now();
  await tx.execute(sql`
    UPDATE users SET frozen = ${input.frozen},
      frozen_reason = ${input.frozen ? reason : null}, frozen_at = ${input.frozen ? now.toISOString() : null}::timestamptz,
      frozen_by = ${input.frozen ? actor.id : null}::uuid
    WHERE id = ${target.id}::uuid`);
  await recordAudit(tx, clock, actor, {
    action: input.frozen ? "user.freeze" : "user.unfreeze",
    targetType: "user",
    targetId: target.id,
    before: { frozen: target.frozen, reason: target.frozen_reason },
    after: { frozen: input.frozen, reason },
  });
  return { userId: target.id, frozen: input.frozen, changed: true };
}
