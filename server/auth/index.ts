import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { UserRole } from "@/db/schema";
import { STAFF_ROLES } from "@/db/schema";
import { openSession, revokeSessions } from "../domain/auth/sessions";
import { verifyCredentials } from "../domain/auth/verify-credentials";
import { isDomainError } from "../domain/shared/errors";
import { appDb } from "../db";
import { env } from "../env";
import { clientIp } from "../http/client-ip";
import { liveSessionOfClaims, type SessionCheckOutcome } from "./live-session";
import { requestClock } from "../test-clock";

declare module "next-auth" {
  interface Session {
    user: { id: string; role: UserRole } & DefaultSession["user"];
  }
  interface User {
    role?: UserRole;
    sessionId?: string;
  }
}

/** `rate_limited_<seconds>`: the form tells the user when to try again. */
class RateLimited extends CredentialsSignin {
  constructor(seconds: number) {
    super();
    this.code = `rate_limited_${seconds}`;
  }
}
/** The console's form refuses shoppers before a session exists, so no session of theirs is touched. */
class NotStaff extends CredentialsSignin {
  code = "not_staff";
}

/** Per request (readSession): whether the session check failed because the database is away. */
const sessionCheck = new AsyncLocalStorage<SessionCheckOutcome>();

/**
 * The request's session, and whether its check could not reach the database: then there is no
 * session, yet the shopper is not signed out (procedures answer SERVICE_UNAVAILABLE, not "sign in").
 */
export async function readSession() {
  const outcome = { unavailable: false };
  const session = await sessionCheck.run(outcome, () => auth());
  return { session, unavailable: outcome.unavailable };
}

// Lazy: the environment is read on the first request, not while `next build` collects routes.
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  trustHost: true,
  secret: env().AUTH_SECRET,
  // The cookie's own life; the session row decides sooner (idle and absolute limits, revocation).
  session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
  pages: { signIn: "/login" },
  providers: [
    Credentials({
      credentials: { phone: {}, password: {}, scope: {} },
      async authorize(credentials, request) {
        const phone = String(credentials?.phone ?? "");
        const password = String(credentials?.password ?? "");
        const ip = clientIp(request.headers);
        try {
          const user = await verifyCredentials(appDb(), requestClock(), { phone, password, ip });
          if (credentials?.scope === "console" && !(STAFF_ROLES as readonly string[]).includes(user.role)) throw new NotStaff();
          const sessionId = await openSession(appDb(), requestClock(), { userId: user.id, role: user.role, ip });
          return { id: user.id, name: user.displayName, role: user.role, sessionId };
        } catch (e) {
          if (isDomainError(e) && e.code === "RATE_LIMITED") throw new RateLimited(Number(e.params.seconds) || 60);
          if (isDomainError(e)) return null;
          throw e;
        }
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.role = user.role;
        token.sid = user.sessionId;
        return token;
      }
      // Every request: the session row must still be alive (null signs the cookie out).
      const live = await liveSessionOfClaims(token, sessionCheck.getStore());
      if (!live) return null;
      token.role = live.role;
      return token;
    },
    session({ session, token }) {
      session.user.id = String(token.uid);
      session.user.role = token.role as UserRole;
      return session;
    },
  },
  events: {
    // Signing out ends every session of the account, on every device (SECURITY.md).
    async signOut(message) {
      const uid = "token" in message ? message.token?.uid : undefined;
      if (typeof uid === "string") await revokeSessions(appDb(), requestClock(), uid);
    },
  },
}));
