/**
 * Spec §9: a frozen shopper can sign in and see their money, and every path that moves it is refused
 * with ACCOUNT_FROZEN and the operator's reason, leaving balances and rows as they were; unfreezing
 * restores each path. Finance cannot approve a frozen user's pending withdrawal; lower roles cannot
 * freeze staff.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { UserRole } from "@/db/schema";
import { createGatewayJoin } from "@/server/domain/groups/gateway-join";
import { checkLedgerInvariants, readUserBalances } from "@/server/domain/ledger";
import { movePoolPoints } from "@/server/domain/pool/move-pool-points";
import { FixedClock } from "@/server/domain/shared/clock";
import { isDomainError } from "@/server/domain/shared/errors";
import { redeemMallItem } from "@/server/domain/store/redeem-mall-item";
import { mayChangeStanding, setUserFrozen } from "@/server/domain/users/freeze-user";
import { decideWithdrawal } from "@/server/domain/wallet/decide-withdrawal";
import { requestWithdrawal } from "@/server/domain/wallet/request-withdrawal";
import type { Actor } from "@/server/domain/audit/record-audit";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser, fund } from "../helpers/factories";
import { callerFor, catchTrpc } from "../helpers/api-caller";
import { groupFixtures, type GroupFixtures, type TestActivity } from "../helpers/group-fixtures";
import { checkout, createAddress, createMallItem, createProduct } from "../store/fixtures";
import { createAdvertiser, createCampaign, open, setAdSettings, staffActor, start } from "../ads/fixtures";
import { aDestination } from "../helpers/payout-fixtures";

const SANDBOX = { payoutProviders: [] };

let t: TestDb;
let f: GroupFixtures;
// 10:00 on 3 December in Shanghai: the pool is open for moves both ways.
const clock = new FixedClock("2026-12-03T02:00:00Z");
let operator: Actor;
let finance: Actor;
let activity: TestActivity;
const REASON = "疑似盗号，等待本人核实";

beforeAll(async () => {
  t = await createTestDb({ max: 10 });
  f = groupFixtures(t.db, clock);
  operator = await staffActor(t.db, "operator");
  finance = await staffActor(t.db, "finance");
  activity = await f.makeActivity({ priceFen: 2000, groupSize: 10, winners: 3 });
  await setAdSettings(t.db, clock, { tiers: [{ minPoints: 1, rewardFen: 100, pointsCost: 1 }], setsPerDevicePerDay: 5 });
  await createCampaign(t.db, clock, await createAdvertiser(t.db, clock, 1_000_00), { pricePerViewFen: 50 });
});
afterEach(async () => {
  expect(await checkLedgerInvariants(t.db)).toEqual([]);
});
afterAll(() => t.drop());

/** A shopper holding some of every asset, with an address. */
async function richShopper(): Promise<{ id: string; addressId: string }> {
  const u = await createUser(t.db, { clock });
  for (const [asset, amount] of [["cash", 100_000], ["credit", 5_000], ["divPoints", 1_000], ["mallPoints", 2_000], ["voucher", 3_000]] as const) await fund(t.db, clock, u.id, asset, amount);
  const a = await createAddress(t.db, clock, u.id);
  return { id: u.id, addressId: a.id };
}

const freeze = (userId: string, actor: Actor = operator) => t.db.transaction((tx) => setUserFrozen(tx, clock, actor, { userId, frozen: true, reason: REASON }));
const unfreeze = (userId: string, actor: Actor = operator) => t.db.transaction((tx) => setUserFrozen(tx, clock, actor, { userId, frozen: false, reason: "已核实本人" }));

/** Everything a money path could have written: the user's balances and the rows of every table they touch. */
async function snapshot(userId: string) {
  const [rows] = await t.db.execute<Record<string, string>>(sql`
    SELECT (SELECT count(*) FROM ledger_entries) AS ledger, (SELECT count(*) FROM entries) AS entries, (SELECT count(*) FROM payment_orders) AS payments,
           (SELECT count(*) FROM gateway_joins) AS gateway_joins, (SELECT count(*) FROM withdrawals) AS withdrawals, (SELECT count(*) FROM orders) AS orders,
           (SELECT count(*) FROM ad_sets) AS ad_sets, (SELECT count(*) FROM ad_views) AS ad_views, (SELECT count(*) FROM pool_moves) AS pool_moves,
           (SELECT COALESCE(sum(points), 0) FROM pool_holdings) AS pool, (SELECT COALESCE(sum(stock), 0) FROM products) AS stock`);
  return { balances: await readUserBalances(t.db, userId), rows };
}

async function refusedFrozen(userId: string, fn: () => Promise<unknown>) {
  const before = await snapshot(userId);
  let caught: unknown;
  try {
    await fn();
  } catch (e) {
    caught = e;
  }
  expect(isDomainError(caught) ? caught.code : caught).toBe("ACCOUNT_FROZEN");
  expect(isDomainError(caught) && caught.params).toEqual({ reason: REASON });
  expect(await snapshot(userId)).toEqual(before);
}

type Path = { name: string; setup?: (u: { id: string; addressId: string }) => Promise<unknown>; run: (u: { id: string; addressId: string }, ctx: unknown) => Promise<unknown> };

const PATHS: Path[] = [
  { name: "join with cash", run: (u) => f.join(activity, u.id) },
  { name: "join through the gateway", run: (u) => t.db.transaction((tx) => createGatewayJoin(tx, clock, { userId: u.id, activityId: activity.id, itemId: activity.itemId, entryId: randomUUID() })) },
  {
    name: "withdraw",
    setup: (u) => aDestination(t.db, clock, u.id),
    run: (u, destinationId) => t.db.transaction((tx) => requestWithdrawal(tx, clock, { userId: u.id, amountFen: 5_000, destinationId: destinationId as string, clientKey: randomUUID() })),
  },
  { name: "start an ad set", run: (u) => start(t.db, clock, u.id) },
  { name: "open an ad view", setup: (u) => start(t.db, clock, u.id), run: (u, set) => open(t.db, clock, u.id, (set as { id: string }).id) },
  {
    name: "check out in the store",
    setup: () => createProduct(t.db, clock, { priceFen: 1_000 }),
    run: (u, p) => checkout(t.db, clock, { userId: u.id, lines: [{ productId: (p as { id: string }).id, quantity: 1 }], addressId: u.addressId, voucherFen: 0, payWith: "cash" }),
  },
  {
    name: "redeem in the points mall",
    setup: () => createMallItem(t.db, clock, { pricePoints: 100 }),
    run: (u, item) => t.db.transaction((tx) => redeemMallItem(tx, clock, { userId: u.id, orderId: randomUUID(), mallItemId: (item as { id: string }).id, quantity: 1, addressId: u.addressId })),
  },
  { name: "move points into the pool", run: (u) => t.db.transaction((tx) => movePoolPoints(tx, clock, { userId: u.id, direction: "in", points: 100, moveId: randomUUID() })) },
];

describe("a frozen shopper moves no money", () => {
  it.each(PATHS)("$name: refused with the reason, nothing moved; works again once unfrozen", async (path) => {
    const u = await richShopper();
    const ctx = await path.setup?.(u);
    await freeze(u.id);
    await refusedFrozen(u.id, () => path.run(u, ctx));
    await unfreeze(u.id);
    const before = await snapshot(u.id);
    await expect(path.run(u, ctx)).resolves.toBeDefined();
    expect(await snapshot(u.id)).not.toEqual(before);
  });

  it("a frozen shopper still reads their balances and profile; the join is refused in their language with the reason", async () => {
    const u = await richShopper();
    await freeze(u.id);
    const caller = callerFor(t.db, clock, { id: u.id, role: "shopper" });
    expect((await caller.wallet.overview()).balances.cash).toBe(100_000);
    expect(await caller.wallet.me()).toMatchObject({ frozen: true, frozenReason: REASON });
    const zh = await catchTrpc(() => caller.activities.join({ activityId: activity.id, itemId: activity.itemId, entryId: randomUUID() }));
    expect(zh).toMatchObject({ trpcCode: "FORBIDDEN", domainCode: "ACCOUNT_FROZEN" });
    expect(zh.message).toContain(REASON);
    expect(zh.message).toContain("账户已冻结");
    const destinationId = await aDestination(t.db, clock, u.id);
    const en = await catchTrpc(() => callerFor(t.db, clock, { id: u.id, role: "shopper" }, { locale: "en" }).wallet.requestWithdrawal({ amountFen: 5_000, destinationId, clientKey: randomUUID() }));
    expect(en.message).toContain("This account is frozen");
    expect(en.message).toContain(REASON);
  });
});

describe("pending withdrawals of a frozen user wait", () => {
  it("finance cannot approve until unfrozen; nothing moves; rejecting still returns the money", async () => {
    const u = await richShopper();
    const destinationId = await aDestination(t.db, clock, u.id);
    const w1 = await t.db.transaction((tx) => requestWithdrawal(tx, clock, { userId: u.id, amountFen: 10_000, destinationId, clientKey: randomUUID() }));
    const w2 = await t.db.transaction((tx) => requestWithdrawal(tx, clock, { userId: u.id, amountFen: 2_000, destinationId, clientKey: randomUUID() }));
    await freeze(u.id);
    const before = await snapshot(u.id);
    const err = await t.db.transaction((tx) => decideWithdrawal(tx, clock, finance, { withdrawalId: w1.id, decision: "approve" }, SANDBOX)).catch((e: unknown) => e);
    expect(isDomainError(err) && [err.code, err.params]).toEqual(["WITHDRAWAL_USER_FROZEN", { reason: REASON }]);
    expect(await snapshot(u.id)).toEqual(before);
    const [row] = await t.db.execute<{ status: string }>(sql`SELECT status FROM withdrawals WHERE id = ${w1.id}`);
    expect(row?.status).toBe("pending");
    // The console lists it with the freeze, so finance sees why it waits.
    const listed = await callerFor(t.db, clock, { id: finance.id, role: "finance" }).admin.withdrawals({ status: "pending" });
    expect(listed.items.find((i) => i.id === w1.id)).toMatchObject({ userFrozen: true });

    await expect(t.db.transaction((tx) => decideWithdrawal(tx, clock, finance, { withdrawalId: w2.id, decision: "reject", note: "冻结期间驳回" }, SANDBOX))).resolves.toMatchObject({ status: "rejected" });
    await unfreeze(u.id);
    await expect(t.db.transaction((tx) => decideWithdrawal(tx, clock, finance, { withdrawalId: w1.id, decision: "approve" }, SANDBOX))).resolves.toMatchObject({ status: "processing" });
  });
});

describe("who may freeze whom", () => {
  it("the rank rule", () => {
    const a = (role: UserRole) => ({ id: randomUUID(), role });
    expect(mayChangeStanding(a("operator"), a("shopper"))).toBe(true);
    expect(mayChangeStanding(a("operator"), a("support"))).toBe(true);
    expect(mayChangeStanding(a("operator"), a("finance"))).toBe(true);
    expect(mayChangeStanding(a("operator"), a("operator"))).toBe(false);
    expect(mayChangeStanding(a("operator"), a("owner"))).toBe(false);
    expect(mayChangeStanding(a("owner"), a("operator"))).toBe(true);
    expect(mayChangeStanding(a("owner"), a("owner"))).toBe(true);
    const self = a("owner");
    expect(mayChangeStanding(self, self)).toBe(false);
  });

  it("an operator cannot freeze another operator or an owner (FORBIDDEN, nothing written); an owner can", async () => {
    const caller = callerFor(t.db, clock, { id: operator.id, role: "operator" });
    for (const role of ["operator", "owner"] as const) {
      const staff = await createUser(t.db, { role });
      const audits = await t.db.execute(sql`SELECT count(*) FROM audit_log`);
      const err = await catchTrpc(() => caller.admin.user.freeze({ userId: staff.id, reason: REASON }));
      expect(err).toMatchObject({ trpcCode: "FORBIDDEN", domainCode: "FREEZE_OUTRANKED" });
      const [row] = await t.db.execute<{ frozen: boolean }>(sql`SELECT frozen FROM users WHERE id = ${staff.id}`);
      expect(row?.frozen).toBe(false);
      expect(await t.db.execute(sql`SELECT count(*) FROM audit_log`)).toEqual(audits);
    }
    const support = await createUser(t.db, { role: "support" });
    await expect(caller.admin.user.freeze({ userId: support.id, reason: REASON })).resolves.toMatchObject({ frozen: true, changed: true });
    const owner = await staffActor(t.db, "owner");
    const otherOperator = await createUser(t.db, { role: "operator" });
    await expect(callerFor(t.db, clock, { id: owner.id, role: "owner" }).admin.user.freeze({ userId: otherOperator.id, reason: REASON })).resolves.toMatchObject({ frozen: true });
    // The frozen operator loses the console at once.
    expect((await catchTrpc(() => callerFor(t.db, clock, { id: otherOperator.id, role: "operator" }).admin.users({}))).trpcCode).toBe("FORBIDDEN");
  });

  it("a reason is required; freezing twice changes nothing; each change is audited with before and after", async () => {
    const u = await richShopper();
    const caller = callerFor(t.db, clock, { id: operator.id, role: "operator" }, { ip: "192.0.2.77" });
    expect(await catchTrpc(() => caller.admin.user.freeze({ userId: u.id, reason: " " }))).toMatchObject({ trpcCode: "BAD_REQUEST", domainCode: "FREEZE_REASON_REQUIRED" });
    await caller.admin.user.freeze({ userId: u.id, reason: REASON });
    expect(await caller.admin.user.freeze({ userId: u.id, reason: REASON })).toMatchObject({ changed: false });
    await caller.admin.user.unfreeze({ userId: u.id, reason: "已核实" });
    const rows = await t.db.execute<{ action: string; before: unknown; after: unknown }>(sql`SELECT action, before, after FROM audit_log WHERE ip = '192.0.2.77' ORDER BY id`);
    expect(rows).toEqual([
      { action: "user.freeze", before: { frozen: false, reason: null }, after: { frozen: true, reason: REASON } },
      { action: "user.unfreeze", before: { frozen: true, reason: REASON }, after: { frozen: false, reason: "已核实" } },
    ]);
    const detail = await caller.admin.user.detail({ userId: u.id });
    expect(detail).toMatchObject({ frozen: false, frozenReason: null });
  });
});
