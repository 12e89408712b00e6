import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";
import { assertStrongPassword, hashPassword } from "./password";
import { revokeSessions } from "./sessions";

/** Sets a new password for the account of a number already proven by a code, and ends all its sessions. */
export async function resetPassword(tx: DbOrTx, clock: Clock, input: { phone: string; password: string }): Promise<void> {
  assertStrongPassword(input.password);
  const [user] = await tx.update(users).set({ passwordHash: await hashPassword(input.password) }).where(eq(users.phone, input.phone)).returning({ id: users.id });
  if (!user) throw new DomainError("CODE_INVALID");
  await revokeSessions(tx, clock, user.id);
}
