import "server-only";
import { and, eq, isNull, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { authSessions, users, type UserRole } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { SESSION_TOUCH_MS, sessionAlive, sessionLimits } from "./session-policy";

/** Opens a session for a user who just proved who they are; the cookie carries its id. */
export async function openSession(tx: DbOrTx, clock: Clock, input: { userId: string; role: UserRole; ip: string }): Promise<string> {
  const now = clock.now();
  const [row] = await tx.insert(authSessions).values({ userId: input.userId, role: input.role, createdAt: now, lastSeenAt: now, ip: input.ip }).returning({ id: authSessions.id });
  if (!row) throw new Error("session insert returned nothing");
  return row.id;
}

/** The session row with its account's role: every request reads it, so the query is built once per connection handle, not per request. */
const sessionRowQueries = new WeakMap<DbOrTx, ReturnType<typeof buildSessionRowQuery>>();

function buildSessionRowQuery(tx: DbOrTx) {
  return tx
    .select({ userId: authSessions.userId, createdAt: authSessions.createdAt, lastSeenAt: authSessions.lastSeenAt, revokedAt: authSessions.revokedAt, signedInAs: authSessions.role, role: users.role })
    .from(authSessions)
    .innerJoin(users, eq(users.id, authSessions.userId))
    .where(eq(authSessions.id, sql.placeholder("sessionId")))
    .prepare("read_session_row");
}

function sessionRowQuery(tx: DbOrTx) {
  let q = sessionRowQueries.get(tx);
  if (!q) sessionRowQueries.set(tx, (q = buildSessionRowQuery(tx)));
  return q;
}

export interface LiveSession {
  userId: string;
  role: UserRole;
}

/**
 * The session a cookie names, if it is still alive: not revoked, within its idle and absolute
 * limits, and the account still has the role it signed in with (a staff role change or removal
 * ends the session, whoever made it and however). One primary-key read; the last-seen time moves
 * at most once a minute.
 */
export async function readLiveSession(tx: DbOrTx, clock: Clock, sessionId: string): Promise<LiveSession | null> {
  if (!/^[0-9a-f-]{36}$/i.test(sessionId)) return null;
  const [row] = await sessionRowQuery(tx).execute({ sessionId });
  const now = clock.now();
  if (!row || row.revokedAt || row.role !== row.signedInAs || !sessionAlive(sessionLimits(row.role), row.createdAt, row.lastSeenAt, now)) return null;
  if (now.getTime() - row.lastSeenAt.getTime() >= SESSION_TOUCH_MS) {
    await tx
      .update(authSessions)
      .set({ lastSeenAt: now })
      .where(and(eq(authSessions.id, sessionId), lt(authSessions.lastSeenAt, now)));
  }
  return { userId: row.userId, role: row.role };
}

/**
 * Ends every open session of a user at once: sign-out, a password change, a staff role change or
 * removal. Call it in the transaction that makes the change, so the two commit together.
 */
export async function revokeSessions(tx: DbOrTx, clock: Clock, userId: string): Promise<number> {
  const rows = await tx
    .update(authSessions)
    .set({ revokedAt: clock.now() })
    .where(and(eq(authSessions.userId, userId), isNull(authSessions.revokedAt)))
    .returning({ id: authSessions.id });
  return rows.length;
}
