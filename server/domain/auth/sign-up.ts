import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { cleanText } from "../shared/clean-text";
import { DISPLAY_NAME_RULE } from "../users/update-profile";
import { DomainError } from "../shared/errors";
import { DEFAULT_LOCALE, type Locale } from "../../i18n/locales";
import { assertStrongPassword, hashPassword } from "./password";
import { normalizePhone } from "./phone";
import { generateReferralCode, normalizeReferralCode } from "./referral-code";

export interface SignUpInput {
  phone: string;
  password: string;
  /** From a `/r/<code>` link: binds the direct referrer (L1) once, now, and never again. */
  referralCode?: string | null;
  displayName?: string;
  /** The sign-up page's language: the default display name is in it (用户1234, User 1234). */
  locale?: Locale;
}

/** A new shopper's display name until they choose one: the last 4 digits of their number, in the sign-up's language. */
export function defaultDisplayName(phone: string, locale: Locale = DEFAULT_LOCALE): string {
  const last4 = phone.slice(-4);
  return locale === "en" ? `User ${last4}` : `用户${last4}`;
}

/**
 * Creates a shopper. The referrer is bound here and nowhere else: a new user has no downline yet,
 * so the binding can never close a cycle or point at the user themself.
 */
export async function signUp(tx: DbOrTx, clock: Clock, input: SignUpInput): Promise<{ userId: string; referralCode: string }> {
  const { password, ...rest } = input;
  normalizePhone(rest.phone); // a bad number is refused before the (slow) hash
  assertStrongPassword(password);
  return createShopper(tx, clock, { ...rest, passwordHash: await hashPassword(password) });
}

/**
 * signUp once the password is hashed: the seed's history makes hundreds of shoppers with one
 * password and hashes it once (argon2 is deliberately slow).
 */
export async function createShopper(
  tx: DbOrTx,
  clock: Clock,
  input: Omit<SignUpInput, "password"> & { passwordHash: string },
): Promise<{ userId: string; referralCode: string }> {
  const phone = normalizePhone(input.phone);
  const referrerId = input.referralCode ? await findReferrer(tx, input.referralCode) : null;
  const passwordHash = input.passwordHash;
  const displayName = input.displayName?.trim() ? cleanText(input.displayName, DISPLAY_NAME_RULE, "displayName") : defaultDisplayName(phone, input.locale);

  for (let attempt = 0; attempt < 5; attempt++) {
    const referralCode = generateReferralCode();
    const [row] = await tx
      .insert(users)
      .values({ phone, passwordHash, displayName, referralCode, referrerId, role: "shopper", createdAt: clock.now() })
      .onConflictDoNothing()
      .returning({ id: users.id, referralCode: users.referralCode });
    if (row) return { userId: row.id, referralCode: row.referralCode };
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.phone, phone));
    if (taken) throw new DomainError("PHONE_TAKEN");
    // Otherwise the random referral code collided: draw another.
  }
  throw new DomainError("CONFLICT");
}

/** Only shoppers refer: staff codes are as unknown as made-up ones. */
export async function findReferrer(tx: DbOrTx, code: string): Promise<string> {
  const [row] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.referralCode, normalizeReferralCode(code)), eq(users.role, "shopper"), sql`NOT ${users.frozen}`));
  if (!row) throw new DomainError("UNKNOWN_REFERRAL_CODE");
  return row.id;
}
