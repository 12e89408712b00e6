import "server-only";
import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { UserRole } from "@/db/schema";
import { verifyCredentials } from "../domain/auth/verify-credentials";
import { isDomainError } from "../domain/shared/errors";
import { systemClock } from "../domain/shared/clock";
import { appDb } from "../db";
import { env } from "../env";
import { clientIp } from "../http/check-origin";

declare module "next-auth" {
  interface Session {
    user: { id: string; role: UserRole } & DefaultSession["user"];
  }
  interface User {
    role?: UserRole;
  }
}

class RateLimited extends CredentialsSignin {
  code = "rate_limited";
}

// Lazy: the environment is read on the first request, not while `next build` collects routes.
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  trustHost: true,
  secret: env().AUTH_SECRET,
  session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
  pages: { signIn: "/login" },
  providers: [
    Credentials({
      credentials: { phone: {}, password: {} },
      async authorize(credentials, request) {
        const phone = String(credentials?.phone ?? "");
        const password = String(credentials?.password ?? "");
        try {
          const user = await verifyCredentials(appDb(), systemClock, { phone, password, ip: clientIp(request.headers) });
          return { id: user.id, name: user.displayName, role: user.role };
        } catch (e) {
          if (isDomainError(e) && e.code === "RATE_LIMITED") throw new RateLimited();
          if (isDomainError(e)) return null;
          throw e;
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.role = user.role;
      }
      return token;
    },
    session({ session, token }) {
      session.user.id = String(token.uid);
      session.user.role = token.role as UserRole;
      return session;
    },
  },
}));
