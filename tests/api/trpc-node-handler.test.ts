import { createServer, type Server } from "node:http";
import { eq } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { users } from "@/db/schema";
import { openSession, revokeSessions } from "@/server/domain/auth/sessions";
import { systemClock } from "@/server/domain/shared/clock";
import { createUser } from "../helpers/factories";
import { createTestDb, type TestDb } from "../helpers/test-db";

/**
 * The tRPC endpoint as scripts/serve.ts answers it (server/api/trpc-node-handler.ts), over real HTTP
 * on a real database: the session read from next-auth's cookie with next-auth's own encoding, the
 * checks a session gets on every request, the Origin guard, the device id and the API's headers.
 */
const SECRET = "a-test-secret-of-at-least-thirty-two-characters";
const COOKIE = "authjs.session-token";
let t: TestDb;
let server: Server;
let base: string;
let shopper: { id: string };

beforeAll(async () => {
  t = await createTestDb({ max: 3 });
  vi.stubEnv("DATABASE_URL", t.url);
  vi.stubEnv("AUTH_SECRET", SECRET);
  (globalThis as { pinpinDb?: unknown }).pinpinDb = undefined;
  const { handleTrpcRequest } = await import("@/server/api/trpc-node-handler");
  server = createServer((req, res) => void handleTrpcRequest(req, res));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  shopper = await createUser(t.db);
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  const { appDb } = await import("@/server/db");
  void appDb;
  await (globalThis as { pinpinDb?: { close: () => Promise<void> } }).pinpinDb?.close();
  await t.drop();
  vi.unstubAllEnvs();
});

/** A session cookie as next-auth's credentials sign-in issues it (server/auth/index.ts: uid, role, sid). */
async function signIn(userId: string, options: { secret?: string; salt?: string; maxAge?: number } = {}): Promise<string> {
  const sid = await openSession(t.db, systemClock, { userId, role: "shopper", ip: "127.0.0.1" });
  return encode({ token: { uid: userId, role: "shopper", sid }, secret: options.secret ?? SECRET, salt: options.salt ?? COOKIE, maxAge: options.maxAge });
}

const me = (cookie?: string, headers: Record<string, string> = {}) => fetch(`${base}/api/trpc/wallet.me`, { headers: { ...(cookie ? { cookie } : {}), ...headers } });
const rename = (cookie: string, headers: Record<string, string>, displayName: string) =>
  fetch(`${base}/api/trpc/wallet.updateProfile?batch=1`, { method: "POST", headers: { cookie, "content-type": "application/json", ...headers }, body: JSON.stringify({ 0: { json: { displayName } } }) });
const nameOf = async (id: string) => (await t.db.select({ n: users.displayName }).from(users).where(eq(users.id, id)))[0]!.n;

describe("the tRPC endpoint outside Next.js", () => {
  it("answers a signed-in shopper with their own data, with the API's security headers and no caching", async () => {
    const token = await signIn(shopper.id);
    const res = await me(`${COOKIE}=${token}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { data: { json: { id: string } } } };
    expect(body.result.data.json.id).toBe(shopper.id);
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("permissions-policy")).toContain("camera=()");
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("without a cookie, with a foreign or tampered one, or one of another secret: not signed in, said in the caller's language", async () => {
    const token = await signIn(shopper.id);
    const tampered = token.slice(0, 40) + (token[40] === "A" ? "B" : "A") + token.slice(41);
    const foreign = await signIn(shopper.id, { secret: "another-secret-of-at-least-thirty-two-chars" });
    const otherSalt = await signIn(shopper.id, { salt: "something-else" });
    for (const cookie of [undefined, `${COOKIE}=${tampered}`, `${COOKIE}=${foreign}`, `${COOKIE}=${otherSalt}`, `${COOKIE}=garbage`]) {
      const res = await me(cookie);
      expect(res.status).toBe(401);
      const body = (await res.json()) as { error: { json: { message: string; data: { domainCode: string } } } };
      expect(body.error.json.data.domainCode).toBe("UNAUTHENTICATED");
      expect(body.error.json.message).toMatch(/[\u4e00-\u9fff]/);
    }
    const en = (await (await me(undefined, { cookie: "NEXT_LOCALE=en" })).json()) as { error: { json: { message: string } } };
    expect(en.error.json.message).toMatch(/^[\x20-\x7e]+$/);
  });

  it("a session ends at once on sign-out, though its cookie was decoded before", async () => {
    const user = await createUser(t.db);
    const token = await signIn(user.id);
    expect((await me(`${COOKIE}=${token}`)).status).toBe(200);
    await revokeSessions(t.db, systemClock, user.id);
    expect((await me(`${COOKIE}=${token}`)).status).toBe(401);
  });

  it("an expired cookie is refused, and a frozen role change is the database's word, not the cookie's", async () => {
    const user = await createUser(t.db);
    const expired = await signIn(user.id, { maxAge: -60 });
    expect((await me(`${COOKIE}=${expired}`)).status).toBe(401);
    // The cookie says shopper; the account became staff: its session ended with the change (role ≠ signed-in role).
    const token = await signIn(user.id);
    await t.db.update(users).set({ role: "support" }).where(eq(users.id, user.id));
    expect((await me(`${COOKIE}=${token}`)).status).toBe(401);
  });

  it("over https (a trusted proxy's x-forwarded-proto) reads next-auth's __Secure- cookie, whole or in chunks", async () => {
    const secure = await signIn(shopper.id, { salt: `__Secure-${COOKIE}` });
    expect((await me(`__Secure-${COOKIE}=${secure}`, { "x-forwarded-proto": "https" })).status).toBe(200);
    // The plain cookie is not the session over https, nor the secure one over http.
    expect((await me(`${COOKIE}=${await signIn(shopper.id)}`, { "x-forwarded-proto": "https" })).status).toBe(401);
    expect((await me(`__Secure-${COOKIE}=${secure}`)).status).toBe(401);
    const half = Math.ceil(secure.length / 2);
    const chunks = `__Secure-${COOKIE}.0=${secure.slice(0, half)}; __Secure-${COOKIE}.1=${secure.slice(half)}`;
    expect((await me(chunks, { "x-forwarded-proto": "https" })).status).toBe(200);
  });

  it("a mutation without our Origin, or with another site's, is refused in words and changes nothing; with ours it runs", async () => {
    const token = await signIn(shopper.id);
    const cookie = `${COOKIE}=${token}`;
    const before = await nameOf(shopper.id);
    for (const headers of [{}, { origin: "https://evil.example" }, { origin: "null" }] as Record<string, string>[]) {
      const res = await rename(cookie, headers, "被改的名字");
      expect(res.status).toBe(403);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("ORIGIN_REJECTED");
      expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(await nameOf(shopper.id)).toBe(before);
    const ok = await rename(cookie, { origin: base }, "新名字");
    expect(ok.status).toBe(200);
    expect(await nameOf(shopper.id)).toBe("新名字");
  });

  it("issues a device id to a browser without one, and not again", async () => {
    const first = await me();
    const set = first.headers.get("set-cookie") ?? "";
    expect(set).toMatch(/^pinpin_device=[A-Za-z0-9_-]{16,64}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
    const again = await me(set.split(";")[0]);
    expect(again.headers.get("set-cookie")).toBeNull();
  });

  it("a malformed procedure path is a bad request and an unknown one a 404, not a failure", async () => {
    expect((await fetch(`${base}/api/trpc/%E0%A4%A`)).status).toBe(400);
    expect((await fetch(`${base}/api/trpc/nothing.here`)).status).toBe(404);
  });

  it("refuses a body past a megabyte", async () => {
    const token = await signIn(shopper.id);
    const res = await rename(`${COOKIE}=${token}`, { origin: base }, "x".repeat(1_100_000));
    expect(res.status).toBe(413);
  });
});
