import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authSessions, users } from "@/db/schema";
import { sessionLimits } from "@/server/domain/auth/session-policy";
import { openSession, readLiveSession, revokeSessions } from "@/server/domain/auth/sessions";
import { FixedClock } from "@/server/domain/shared/clock";
import { createUser } from "../helpers/factories";
import { createTestDb, type TestDb } from "../helpers/test-db";

let t: TestDb;
const MIN = 60_000;
const HOUR = 60 * MIN;

beforeAll(async () => {
  t = await createTestDb({ max: 12 });
});
afterAll(() => t.drop());

describe("sessions end when they should (SECURITY.md)", () => {
  it("the limits: staff 8 hours and 30 minutes idle, shoppers 30 days idle", () => {
    expect(sessionLimits("finance")).toEqual({ idleMs: 30 * MIN, absoluteMs: 8 * HOUR });
    expect(sessionLimits("owner")).toEqual({ idleMs: 30 * MIN, absoluteMs: 8 * HOUR });
    expect(sessionLimits("shopper")).toEqual({ idleMs: 30 * 24 * HOUR, absoluteMs: null });
  });

  it("a staff session dies after 30 idle minutes, and after 8 hours however busy", async () => {
    const clock = new FixedClock("2026-12-01T01:00:00Z");
    const staff = await createUser(t.db, { role: "operator" });
    const idle = await openSession(t.db, clock, { userId: staff.id, role: staff.role, ip: "203.0.113.1" });
    clock.advance(29 * MIN);
    expect(await readLiveSession(t.db, clock, idle)).toEqual({ userId: staff.id, role: "operator" });
    clock.advance(29 * MIN); // 29 minutes since the last request
    expect(await readLiveSession(t.db, clock, idle)).not.toBeNull();
    clock.advance(31 * MIN);
    expect(await readLiveSession(t.db, clock, idle)).toBeNull();

    const busy = await openSession(t.db, clock, { userId: staff.id, role: staff.role, ip: "203.0.113.1" });
    for (let i = 0; i < 16; i++) {
      clock.advance(29 * MIN + 59_000);
      expect(await readLiveSession(t.db, clock, busy)).not.toBeNull();
    }
    clock.advance(20 * MIN); // 8 h 19 min after sign-in, 20 minutes since the last request
    expect(await readLiveSession(t.db, clock, busy)).toBeNull();
  });

  it("a shopper stays signed in while active, and not after 30 idle days", async () => {
    const clock = new FixedClock("2026-12-01T01:00:00Z");
    const shopper = await createUser(t.db);
    const sid = await openSession(t.db, clock, { userId: shopper.id, role: shopper.role, ip: "203.0.113.2" });
    for (let i = 0; i < 3; i++) {
      clock.advance(29 * 24 * HOUR);
      expect(await readLiveSession(t.db, clock, sid)).not.toBeNull();
    }
    clock.advance(30 * 24 * HOUR + MIN);
    expect(await readLiveSession(t.db, clock, sid)).toBeNull();
  });

  it("reads write at most once a minute", async () => {
    const clock = new FixedClock("2026-12-01T01:00:00Z");
    const shopper = await createUser(t.db);
    const sid = await openSession(t.db, clock, { userId: shopper.id, role: shopper.role, ip: "203.0.113.3" });
    const lastSeen = async () => (await t.db.select().from(authSessions).where(eq(authSessions.id, sid)))[0]?.lastSeenAt.toISOString();
    clock.advance(30_000);
    await readLiveSession(t.db, clock, sid);
    expect(await lastSeen()).toBe("2026-12-01T01:00:00.000Z");
    clock.advance(30_000);
    await readLiveSession(t.db, clock, sid);
    expect(await lastSeen()).toBe("2026-12-01T01:01:00.000Z");
  });

  it("revoking ends every session of the account and no one else's", async () => {
    const clock = new FixedClock("2026-12-01T01:00:00Z");
    const [a, b] = [await createUser(t.db), await createUser(t.db)];
    const phone = await openSession(t.db, clock, { userId: a.id, role: a.role, ip: "203.0.113.4" });
    const laptop = await openSession(t.db, clock, { userId: a.id, role: a.role, ip: "198.51.100.4" });
    const other = await openSession(t.db, clock, { userId: b.id, role: b.role, ip: "203.0.113.5" });
    expect(await revokeSessions(t.db, clock, a.id)).toBe(2);
    expect(await readLiveSession(t.db, clock, phone)).toBeNull();
    expect(await readLiveSession(t.db, clock, laptop)).toBeNull();
    expect(await readLiveSession(t.db, clock, other)).not.toBeNull();
    expect(await revokeSessions(t.db, clock, a.id)).toBe(0);
  });

  it("a staff role change or removal ends the session; unknown and malformed ids are no session", async () => {
    const clock = new FixedClock("2026-12-01T01:00:00Z");
    const staff = await createUser(t.db, { role: "owner" });
    const sid = await openSession(t.db, clock, { userId: staff.id, role: staff.role, ip: "203.0.113.6" });
    expect(await readLiveSession(t.db, clock, sid)).toEqual({ userId: staff.id, role: "owner" });
    await t.db.update(users).set({ role: "support" }).where(eq(users.id, staff.id));
    expect(await readLiveSession(t.db, clock, sid)).toBeNull();
    const removed = await createUser(t.db, { role: "finance" });
    const sid2 = await openSession(t.db, clock, { userId: removed.id, role: removed.role, ip: "203.0.113.6" });
    await t.db.update(users).set({ role: "shopper" }).where(eq(users.id, removed.id));
    expect(await readLiveSession(t.db, clock, sid2)).toBeNull();
    expect(await readLiveSession(t.db, clock, "00000000-0000-4000-8000-000000000000")).toBeNull();
    expect(await readLiveSession(t.db, clock, "'; DROP TABLE users; --")).toBeNull();
  });

  it("requests in flight during sign-out: once the revocation commits, no request on any connection passes", async () => {
    const clock = new FixedClock("2026-12-01T01:00:00Z");
    const shopper = await createUser(t.db);
    const sid = await openSession(t.db, clock, { userId: shopper.id, role: shopper.role, ip: "203.0.113.7" });
    let revokedAt = 0;
    const seen: { startedAfterRevoke: boolean; alive: boolean }[] = [];
    const reader = async () => {
      for (let i = 0; i < 40; i++) {
        const started = revokedAt > 0;
        const alive = (await readLiveSession(t.db, clock, sid)) !== null;
        seen.push({ startedAfterRevoke: started, alive });
      }
    };
    const revoke = async () => {
      await new Promise((r) => setTimeout(r, 5));
      await t.db.transaction((tx) => revokeSessions(tx, clock, shopper.id));
      revokedAt = 1;
    };
    await Promise.all([reader(), reader(), reader(), reader(), reader(), reader(), revoke()]);
    expect(seen.filter((s) => s.startedAfterRevoke).length).toBeGreaterThan(0);
    expect(seen.filter((s) => s.startedAfterRevoke && s.alive)).toEqual([]);
  });
});
