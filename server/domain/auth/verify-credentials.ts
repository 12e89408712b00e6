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
 */
export async function verifyCredentials(tx: DbOrTx, clock: Clock, input: { phone: string; password: string; ip: string }): Promise<SignedInUser> {
  let phone: string;
  try {
    phone = normalizePhone(input.phone);
  } catch {
    phone = input.phone.slice(0, 32);
  }
  const since = new Date(clock.now().getTime() - LOGIN_WINDOW_MS);
  const failures = (where: ReturnType<typeof eq>) =>
    tx
      .select({ n: count() })
      .from(loginAttempts)
      .where(and(where, eq(loginAttempts.succeeded, false), gt(loginAttempts.createdAt, since)))
      .then((r) => r[0]?.n ?? 0);
  if ((await failures(eq(loginAttempts.phone, phone))) >= MAX_FAILURES_PER_PHONE || (await failures(eq(loginAttempts.ip, input.ip))) >= MAX_FAILURES_PER_IP) {
    throw new DomainError("RATE_LIMITED", { minutes: LOGIN_WINDOW_MS / 60_000 });
  }

  const [user] = await tx.select().from(users).where(eq(users.phone, phone));
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
  const succeeded = ok && !!user;
  await tx.insert(loginAttempts).values({ phone, ip: input.ip, succeeded, createdAt: clock.now() });
  if (!succeeded || !user) throw new DomainError("BAD_CREDENTIALS");
  return { id: user.id, role: user.role, displayName: user.displayName };
}
