import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users } from "@/db/schema";
import { cleanTextOrNull } from "../shared/clean-text";
import { DomainError } from "../shared/errors";
import { AVATAR_VARIANTS } from "./avatar";

/** A display name as shoppers choose it on 我的 (and at sign-up): 1–20 characters after cleaning. */
export const DISPLAY_NAME_RULE = { min: 1, max: 20 } as const;

export interface ProfileChange {
  userId: string;
  displayName?: string;
  avatarVariant?: number;
}

/** The cleaned display name, or DISPLAY_NAME_INVALID (with the length bounds for the message). */
export function cleanDisplayName(value: string): string {
  const name = cleanTextOrNull(value, DISPLAY_NAME_RULE);
  if (name === null) throw new DomainError("DISPLAY_NAME_INVALID", { ...DISPLAY_NAME_RULE });
  return name;
}

/**
 * A shopper changes their own display name and/or picks one of their generated avatars. Only the
 * row of `userId` (the caller's own id, never one the client names) is touched; staff names are
 * the console's business and are not changed here.
 */
export async function updateProfile(tx: DbOrTx, change: ProfileChange): Promise<{ displayName: string; avatarVariant: number }> {
  const set: { displayName?: string; avatarVariant?: number } = {};
  if (change.displayName !== undefined) set.displayName = cleanDisplayName(change.displayName);
  if (change.avatarVariant !== undefined) {
    if (!Number.isInteger(change.avatarVariant) || change.avatarVariant < 0 || change.avatarVariant >= AVATAR_VARIANTS) throw new DomainError("AVATAR_INVALID");
    set.avatarVariant = change.avatarVariant;
  }
  const query = tx.update(users).set(set).where(and(eq(users.id, change.userId), eq(users.role, "shopper")));
  const [row] = Object.keys(set).length
    ? await query.returning({ displayName: users.displayName, avatarVariant: users.avatarVariant })
    : await tx.select({ displayName: users.displayName, avatarVariant: users.avatarVariant }).from(users).where(and(eq(users.id, change.userId), eq(users.role, "shopper")));
  if (!row) throw new DomainError("NOT_FOUND");
  return row;
}
