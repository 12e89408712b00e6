import { and, count, eq, gt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { loginAttempts, users, type UserRole } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";
import { dummyPasswordHash, verifyPassword } from "./password";
import { normalizePhone } from "./phone";

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_PHONE = 5;
export const MAX_FAILURES_PER_IP = 20;

export interface SignedInUser {
  id: string;
  role: UserRole;
  displayName: string;
}

/**
 * Checks a number and password. Failures are counted per number and per IP in PostgreSQL (so the
 * limit holds across instances); a wrong number and a wrong password get the same error and cost
 * the same argon2 verification.
 *
 * The attempt is recorded as a failure *before* the password is checked and the count includes it,
 * so guesses sent at the same moment cannot all slip under the limit: only attempts whose own row
 * is within the first N of the window are verified. Call it outside a transaction (autocommit), so
 * concurrent attempts see each other's rows.
 */
export async function verifyCredentials(tx: DbOrTx, clock: Clock, input: { phone: string; password: string; ip: string }): Promise<SignedInUser> {
  let phone: string;
  try {
    phone = normalizePhone(input.phone);
  } catch {
    phone = input.phone.slice(0, 32);
  }
  const [attempt] = await tx.insert(loginAttempts).values({ phone, ip: input.ip, succeeded: false, createdAt: clock.now() }).returning({ id: loginAttempts.id });
  const since = new Date(clock.now().getTime() - LOGIN_WINDOW_MS);
  const failures = (where: ReturnType<typeof eq>) =>
    tx
      .select({ n: count() })
      .from(loginAttempts)
      .where(and(where, eq(loginAttempts.succeeded, false), gt(loginAttempts.createdAt, since)))
      .then((r) => r[0]?.n ?? 0);
  if ((await failures(eq(loginAttempts.phone, phone))) > MAX_FAILURES_PER_PHONE || (await failures(eq(loginAttempts.ip, input.ip))) > MAX_FAILURES_PER_IP) {
    throw new DomainError("RATE_LIMITED", { minutes: LOGIN_WINDOW_MS / 60_000 });
  }

  const [user] = await tx.select().from(users).where(eq(users.phone, phone));
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
  if (!ok || !user) throw new DomainError("BAD_CREDENTIALS");
  if (attempt) await tx.update(loginAttempts).set({ succeeded: true }).where(eq(loginAttempts.id, attempt.id));
  return { id: user.id, role: user.role, displayName: user.displayName };
}
