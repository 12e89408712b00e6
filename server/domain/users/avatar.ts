import { createHash } from "node:crypto";

/** How many generated avatars a shopper can choose from on 我的 (users.avatar_variant is 0 … AVATAR_VARIANTS − 1; a CHECK keeps it there). */
export const AVATAR_VARIANTS = 6;

/**
 * The seed of a shopper's avatar: a hash of their id and the variant they picked, so everyone gets
 * a distinct picture without uploading one, it never changes unless they pick another, and the
 * pictures others see do not reveal the user id. components/ui/avatar-art.ts draws it.
 */
export function avatarKey(userId: string, variant: number): string {
  return createHash("sha256").update(`avatar:${userId}:${variant}`).digest("hex").slice(0, 16);
}

/** The avatars a shopper can pick from, in variant order. */
export function avatarChoices(userId: string): string[] {
  return Array.from({ length: AVATAR_VARIANTS }, (_, variant) => avatarKey(userId, variant));
}
