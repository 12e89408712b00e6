import "server-only";
import { and, count, eq, gt, max, ne, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { loginAttempts, users, type UserRole } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";
import { dummyPasswordHash, verifyPassword } from "./password";
import { normalizePhone } from "./phone";
import { PER_ACCOUNT_AND_SOURCE, PER_SOURCE, retryAfterMs, retryParams, THROTTLE_WINDOW_MS } from "./sign-in-throttle";

export interface SignedInUser {
  id: string;
  role: UserRole;
  displayName: string;
}

/**
 * Checks a number and password, throttled per (number, source) and per source (sign-in-throttle.ts);
 * a wrong number and a wrong password get the same error and cost the same argon2 verification.
 *
 * The attempt is recorded as a failure *before* the password is checked, and the throttle counts
 * every other failure it can see (a guess sent at the same moment included), so guesses sent at
 * once cannot all slip through: they see each other and wait. Call it outside a transaction
 * (autocommit), so concurrent attempts see each other's rows.
 */
export async function verifyCredentials(tx: DbOrTx, clock: Clock, input: { phone: string; password: string; ip: string }): Promise<SignedInUser> {
  let phone: string;
  try {
    phone = normalizePhone(input.phone);
  } catch {
    phone = input.phone.slice(0, 32);
  }
  const now = clock.now();
  const [attempt] = await tx.insert(loginAttempts).values({ phone, ip: input.ip, succeeded: false, createdAt: now }).returning({ id: loginAttempts.id });
  if (!attempt) throw new Error("login attempt insert returned nothing");
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const failures = (scope: SQL) =>
    tx
      .select({ n: count(), latest: max(loginAttempts.createdAt) })
      .from(loginAttempts)
      .where(and(scope, eq(loginAttempts.succeeded, false), gt(loginAttempts.createdAt, since), ne(loginAttempts.id, attempt.id)))
      .then((r) => ({ n: r[0]?.n ?? 0, latest: r[0]?.latest ?? null }));
  const mine = await failures(and(eq(loginAttempts.phone, phone), eq(loginAttempts.ip, input.ip)) as SQL);
  const source = await failures(eq(loginAttempts.ip, input.ip));
  const waitMs = Math.max(retryAfterMs(PER_ACCOUNT_AND_SOURCE, mine.n, mine.latest, now), retryAfterMs(PER_SOURCE, source.n, source.latest, now));
  if (waitMs > 0) throw new DomainError("RATE_LIMITED", retryParams(waitMs));

  const [user] = await tx.select().from(users).where(eq(users.phone, phone));
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
  if (!ok || !user) throw new DomainError("BAD_CREDENTIALS");
  await tx.update(loginAttempts).set({ succeeded: true }).where(eq(loginAttempts.id, attempt.id));
  return { id: user.id, role: user.role, displayName: user.displayName };
}
