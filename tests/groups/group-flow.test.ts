import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { activityItems, entries, groups, users } from "@/db/schema";
import { FixedClock } from "@/server/domain/shared/clock";
import { checkLedgerInvariants, postTransfers, readUserBalances } from "@/server/domain/ledger";
import { createActivity } from "@/server/domain/activities/create-activity";
import { DEFAULT_ACTIVITY_CONFIG } from "@/server/domain/shared/activity-config";
import { joinActivity } from "@/server/domain/groups/join-activity";
import { drawPendingGroups } from "@/server/domain/groups/draw-group";
import { drawWinners } from "@/server/domain/draw/pinpin-draw-v1";
import { readGroupProof } from "@/server/domain/groups/read-group-proof";
import { verifyProof } from "@/scripts/verify-draw.mjs";
import { createTestDb, type TestDb } from "../helpers/test-db";

let t: TestDb;
const clock = new FixedClock("2026-11-25T02:00:00Z");
const actor = { id: randomUUID(), role: "owner", ip: "127.0.0.1" };
const P = 99_00;

async function shopper(i: number, cashFen: number, creditFen = 0): Promise<string> {
  const [u] = await t.db.insert(users).values({ phone: `1370000${String(i).padStart(4, "0")}`, passwordHash: "x", displayName: `u${i}`, referralCode: `C${i}`, createdAt: clock.now() }).returning();
  const id = u!.id;
  await t.db.transaction((tx) =>
    postTransfers(tx, clock, [
      { key: `fund:${id}`, asset: "cash", from: { platform: "opening_balances" }, to: { userId: id }, amount: cashFen, reason: "seed", ref: { type: "test", id } },
      ...(creditFen ? [{ key: `credit:${id}`, asset: "credit" as const, from: { platform: "credit_issued" as const }, to: { userId: id }, amount: creditFen, reason: "seed", ref: { type: "test", id } }] : []),
    ]),
  );
  return id;
}

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

describe("a full group from join to ledger", () => {
  it("fills 10 seats, draws 3 winners reproducibly and settles every reward", async () => {
    const { id: activityId } = await t.db.transaction((tx) =>
      createActivity(tx, clock, actor, { name: "耳机", priceFen: P, groupSize: 10, winners: 3, opensAt: new Date("2026-11-01"), items: [{ kind: "product", name: "耳机", priceFen: P }], config: DEFAULT_ACTIVITY_CONFIG }),
    );
    const [item] = await t.db.select().from(activityItems).where(eq(activityItems.activityId, activityId));
    const people = [];
    for (let i = 0; i < 10; i++) people.push(await shopper(i, 200_00, 10_00));
    let last;
    for (const userId of people) last = await t.db.transaction((tx) => joinActivity(tx, clock, { userId, activityId, itemId: item!.id, entryId: randomUUID() }));
    expect(last?.filled).toBe(true);
    await drawPendingGroups(t.db, clock, activityId);

    const [group] = await t.db.select().from(groups).where(eq(groups.id, last!.groupId));
    expect(group?.status).toBe("drawn");
    const rows = await t.db.select().from(entries).where(eq(entries.groupId, group!.id)).orderBy(entries.seat);
    const winners = rows.filter((r) => r.outcome === "won").map((r) => r.seat);
    expect(winners).toHaveLength(3);
    const replay = drawWinners({ seedHex: group!.seedHex, groupId: group!.id, k: 3, policy: "random", entries: rows.map((r) => ({ seat: r.seat, userId: r.userId, eligible: r.eligible ?? false })) });
    expect(replay.winners).toEqual(winners);
    const proof = await readGroupProof(t.db, group!.id);
    expect(proof.seed).toBe(group!.seedHex);
    expect(verifyProof(proof)).toMatchObject({ ok: true, winners });

    for (const r of rows) {
      const b = await readUserBalances(t.db, r.userId);
      // W-D / L-B: 5% of P = 495 fen, capped by the 1000 fen of credit held before.
      if (r.outcome === "won") {
        expect(b.cash).toBe(200_00 - P + 495);
        expect(b.credit).toBe(10_00 - 495 + P); // W-C 100% of P
        expect(b.divPoints).toBe(99); // W-B 100%: 1 point per yuan
        expect(b.mallPoints).toBe(99); // W-F
        expect(r.dividendPoolFen).toBe(990); // W-E 10%
      } else {
        expect(b.cash).toBe(200_00 + 495 + 495); // L-0 refund, L-A 5%, L-B 5% release
        expect(b.credit).toBe(10_00 - 495);
        expect(b.mallPoints).toBe(99); // L-C
      }
    }
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });
});
