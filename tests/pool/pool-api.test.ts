/** The pool router: shoppers only, translated errors for moves outside their phase or not in hundreds. */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FixedClock } from "@/server/domain/shared/clock";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser, fund } from "../helpers/factories";
import { callerFor, catchTrpc } from "../helpers/api-caller";

let t: TestDb;
const sh = (wall: string) => new Date(`${wall}+08:00`);
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t?.drop());

describe("pool API", () => {
  it("moves, reads the summary and history, and explains refusals in the caller's language", async () => {
    const clock = new FixedClock(sh("2026-11-03T12:00:00"));
    const u = await createUser(t.db, { clock });
    await fund(t.db, clock, u.id, "divPoints", 1000);
    const zh = callerFor(t.db, clock, { id: u.id, role: "shopper" });
    await zh.pool.move({ direction: "in", points: 500, moveId: randomUUID() });
    const s = await zh.pool.summary();
    expect(s).toMatchObject({ phase: "open", myPoints: 500, totalPoints: 500, shareBp: 10_000, divPoints: 500, nextPhase: "inOnly" });
    expect(s.nextPhaseAt.toISOString()).toBe(sh("2026-11-06T00:00:00").toISOString());
    expect((await zh.pool.history()).map((h) => h.kind)).toEqual(["in"]);

    const bad = await catchTrpc(() => zh.pool.move({ direction: "in", points: 150, moveId: randomUUID() }));
    expect(bad).toMatchObject({ trpcCode: "BAD_REQUEST", domainCode: "POOL_NOT_HUNDREDS" });
    expect(bad.message).toContain("整百");

    clock.set(sh("2026-11-10T12:00:00"));
    const en = callerFor(t.db, clock, { id: u.id, role: "shopper" }, { locale: "en" });
    const out = await catchTrpc(() => en.pool.move({ direction: "out", points: 100, moveId: randomUUID() }));
    expect(out).toMatchObject({ trpcCode: "CONFLICT", domainCode: "POOL_OUT_CLOSED" });
    expect(out.message).toContain("days 1–5");
    clock.set(sh("2026-11-25T00:00:00"));
    expect((await catchTrpc(() => en.pool.move({ direction: "in", points: 100, moveId: randomUUID() }))).domainCode).toBe("POOL_FROZEN");
  });

  it("is for shoppers only", async () => {
    const clock = new FixedClock(sh("2026-11-03T12:00:00"));
    const staff = await createUser(t.db, { clock, role: "finance" });
    expect((await catchTrpc(() => callerFor(t.db, clock, { id: staff.id, role: "finance" }).pool.summary())).trpcCode).toBe("FORBIDDEN");
    expect((await catchTrpc(() => callerFor(t.db, clock, null).pool.summary())).trpcCode).toBe("UNAUTHORIZED");
  });
});
