import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { entries, groups } from "@/db/schema";
import { DomainError } from "../shared/errors";
import { DRAW_ALGORITHM } from "../draw/pinpin-draw-v1";
import { ActivityConfigSchema } from "../shared/activity-config";

export interface GroupProof {
  algorithm: typeof DRAW_ALGORITHM;
  groupId: string;
  commitment: string;
  /** Revealed only once the group is closed (drawn or dissolved); null while seats are open. */
  seed: string | null;
  k: number;
  policy: "dissolve" | "random";
  outcome: "open" | "full" | "drawn" | "dissolved";
  entries: { seat: number; userId: string; eligible: boolean | null; reason: string | null }[];
  winners: number[];
}

/** The public proof of a group (spec §3 step 7): everything needed to re-derive its winners. */
export async function readGroupProof(tx: DbOrTx, groupId: string): Promise<GroupProof> {
  const [group] = await tx.select().from(groups).where(eq(groups.id, groupId));
  if (!group) throw new DomainError("NOT_FOUND");
  const config = ActivityConfigSchema.parse(group.config);
  const rows = await tx
    .select({ seat: entries.seat, userId: entries.userId, eligible: entries.eligible, reason: entries.ineligibleReason })
    .from(entries)
    .where(eq(entries.groupId, groupId))
    .orderBy(entries.seat);
  const closed = group.status === "drawn" || group.status === "dissolved";
  return {
    algorithm: DRAW_ALGORITHM,
    groupId: group.id,
    commitment: group.commitment,
    seed: closed ? group.seedHex : null,
    k: group.winners,
    policy: config.conflictPolicy,
    outcome: group.status,
    entries: rows,
    winners: (group.winnerSeats as number[] | null) ?? [],
  };
}
