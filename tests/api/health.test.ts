import { createServer, type Server, type Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { freePort } from "@/scripts/lib/free-port";
import { createTestDb, type TestDb } from "../helpers/test-db";

/**
 * /api/health for a load balancer (app/api/health/route.ts): 200 when the database answers
 * `SELECT 1`, 503 when it is down or does not answer, within about a second either way; no session,
 * no Origin, nothing about the database in the body.
 */
let t: TestDb;
let blackHole: Server;
let blackHolePort: number;
const held: Socket[] = [];

beforeAll(async () => {
  t = await createTestDb({ max: 1 });
  // Accepts connections and never says a word: a database that hangs.
  blackHolePort = await freePort();
  blackHole = createServer((s) => held.push(s));
  await new Promise<void>((r) => blackHole.listen(blackHolePort, "127.0.0.1", r));
});
afterAll(async () => {
  for (const s of held) s.destroy();
  await new Promise((r) => blackHole.close(r));
  await t.drop();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** The route module on a fresh environment and health connection, as a new app instance would have them. */
async function healthOn(databaseUrl: string) {
  vi.resetModules();
  (globalThis as { pinpinHealthDb?: unknown }).pinpinHealthDb = undefined;
  vi.stubEnv("DATABASE_URL", databaseUrl);
  return import("@/app/api/health/route");
}

async function ask(databaseUrl: string) {
  const route = await healthOn(databaseUrl);
  const started = performance.now();
  const res = await route.GET();
  return { status: res.status, body: await res.text(), ms: performance.now() - started, cache: res.headers.get("cache-control") };
}

describe("/api/health", () => {
  it("answers 200 when the database answers", async () => {
    const r = await ask(t.url);
    expect(r).toMatchObject({ status: 200, body: JSON.stringify({ status: "ok" }), cache: "no-store" });
  });

  it("answers 503 when nothing listens where the database should be", async () => {
    const r = await ask(`postgres://postgres@127.0.0.1:${await freePort()}/pinpin`);
    expect(r).toMatchObject({ status: 503, body: JSON.stringify({ status: "unavailable" }) });
    expect(r.ms).toBeLessThan(2000);
  });

  it("answers 503 within about a second when the database accepts the connection and never answers", async () => {
    const r = await ask(`postgres://postgres@127.0.0.1:${blackHolePort}/pinpin`);
    expect(r.status).toBe(503);
    expect(r.body).not.toContain(String(blackHolePort));
    expect(r.ms).toBeLessThan(2000);
  });
});
