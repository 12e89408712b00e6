import "server-only";
import type { DbOrTx } from "@/db/client";
import { auditLog } from "@/db/schema";
import type { Clock } from "../shared/clock";

export interface Actor {
  id: string;
  role: string;
  ip: string;
}

/** Appends one operator action to the audit log, in the caller's transaction with the change itself. */
export async function recordAudit(
  tx: DbOrTx,
  clock: Clock,
  actor: Actor,
  entry: { action: string; targetType: string; targetId: string; before?: unknown; after?: unknown },
): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: actor.id,
    actorRole: actor.role,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    before: entry.before ?? null,
    after: entry.after ?? null,
    ip: actor.ip,
    createdAt: clock.now(),
  });
}
