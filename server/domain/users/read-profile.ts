import "server-only";
import { eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import { users } from "@/db/schema";
import { DomainError } from "../shared/errors";
import { maskPhone } from "../auth/phone";
import { avatarChoices, avatarKey } from "./avatar";
import { maskName } from "./mask-name";

/**
 * The signed-in user's own profile: their number (masked), name and avatar (with the ones they may
 * pick instead), code and who referred them: the referrer's name masked, as anyone but themself sees it.
 */
export async function readProfile(tx: DbOrTx, userId: string) {
  const referrer = alias(users, "referrer");
  const [row] = await tx
    .select({
      id: users.id,
      phone: users.phone,
      displayName: users.displayName,
      avatarVariant: users.avatarVariant,
      role: users.role,
      referralCode: users.referralCode,
      frozen: users.frozen,
      frozenReason: users.frozenReason,
      createdAt: users.createdAt,
      referrerName: referrer.displayName,
    })
    .from(users)
    .leftJoin(referrer, eq(referrer.id, users.referrerId))
    .where(eq(users.id, userId));
  if (!row) throw new DomainError("NOT_FOUND");
  const avatars = avatarChoices(row.id);
  return { ...row, phone: maskPhone(row.phone), referrerName: row.referrerName === null ? null : maskName(row.referrerName), avatarKey: avatars[row.avatarVariant] ?? avatarKey(row.id, 0), avatars };
}
