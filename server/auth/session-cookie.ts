import "server-only";
import { decode } from "next-auth/jwt";
import { env } from "../env";
import { liveSessionOfClaims, type SessionCheckOutcome } from "./live-session";
import type { SessionUser } from "../api/context";

/** next-auth's session cookie (`__Secure-` over https), whose name is also the salt of its key. */
const COOKIE = "authjs.session-token";
const SECURE_COOKIE = `__Secure-${COOKIE}`;

interface Claims extends Record<string, unknown> {
  uid?: unknown;
  sid?: unknown;
  /** Seconds since the epoch. */
  exp?: unknown;
}

/**
 * Decoded cookies by their value, so that a shopper's requests decrypt their cookie once, not on each
 * request (an A256CBC-HS512 JWE: a key derivation, a decryption and an HMAC). Only cookies that
 * decoded are kept; the oldest go first past the bound. The expiry is checked on every use, and
 * the session row on every request (liveSessionOfClaims), so nothing here outlives a sign-out.
 */
const decoded = new Map<string, Claims>();
const MAX_DECODED = 20_000;

/** The session cookie's value: whole, or reassembled from next-auth's chunks (`name.0`, `name.1`, …). */
function cookieValue(cookies: ReadonlyMap<string, string>, name: string): string | null {
  const whole = cookies.get(name);
  if (whole) return whole;
  let value = "";
  for (let i = 0; cookies.has(`${name}.${i}`); i++) value += cookies.get(`${name}.${i}`);
  return value || null;
}

async function claimsOf(token: string, salt: string): Promise<Claims | null> {
  const known = decoded.get(`${salt}\n${token}`);
  if (known) return known;
  let claims: Claims | null;
  try {
    claims = await decode<Claims>({ token, secret: env().AUTH_SECRET, salt });
  } catch {
    return null;
  }
  if (!claims) return null;
  if (decoded.size >= MAX_DECODED) {
    const oldest = decoded.keys().next();
    if (!oldest.done) decoded.delete(oldest.value);
  }
  decoded.set(`${salt}\n${token}`, claims);
  return claims;
}

/**
 * The signed-in user of a request answered outside next-auth's handlers (the tRPC endpoint in
 * scripts/serve.ts): the same cookie, key and checks as next-auth's `auth()` (server/auth/index.ts),
 * without re-issuing the cookie, which pages do. `https`: the request reached the site over https
 * (next-auth then names its cookie `__Secure-…`).
 */
export async function readSessionCookie(cookies: ReadonlyMap<string, string>, https: boolean, outcome: SessionCheckOutcome): Promise<SessionUser | null> {
  const name = https ? SECURE_COOKIE : COOKIE;
  const token = cookieValue(cookies, name);
  if (!token) return null;
  const claims = await claimsOf(token, name);
  if (!claims || typeof claims.exp !== "number" || claims.exp * 1000 <= Date.now()) return null;
  try {
    const live = await liveSessionOfClaims(claims, outcome);
    return live ? { id: live.userId, role: live.role } : null;
  } catch (e) {
    // As next-auth does: a check that failed is no session. The database being away is said by
    // `outcome` (procedures answer SERVICE_UNAVAILABLE, not "sign in"); anything else is logged.
    if (!outcome.unavailable) console.error("[session] check failed", e);
    return null;
  }
}
