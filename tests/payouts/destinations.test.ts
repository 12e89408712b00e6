import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createDb } from "@/db/client";
import { auditLog, payoutDestinations, payouts, withdrawals } from "@/db/schema";
import { FixedClock } from "@/server/domain/shared/clock";
import { checkLedgerInvariants, readUserBalances } from "@/server/domain/ledger";
import { MAX_DESTINATIONS } from "@/server/domain/payouts/destinations";
import { payOutThroughSandbox } from "@/server/payouts/sandbox-drive";
import { settleSandboxRow } from "@/server/payouts/sandbox-payouts";
import { applyPayoutReport } from "@/server/domain/payouts/apply-payout-report";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser, fund } from "../helpers/factories";
import { callerFor, catchTrpc } from "../helpers/api-caller";
import { luhnCard } from "../helpers/payout-fixtures";

let t: TestDb;
const clock = new FixedClock("2026-11-25T15:00:00Z");
let finance: { id: string; role: "finance" };
let support: { id: string; role: "support" };
let owner: { id: string; role: "owner" };

beforeAll(async () => {
  t = await createTestDb();
  finance = { id: (await createUser(t.db, { role: "finance" })).id, role: "finance" };
  support = { id: (await createUser(t.db, { role: "support" })).id, role: "support" };
  owner = { id: (await createUser(t.db, { role: "owner" })).id, role: "owner" };
});
afterEach(async () => {
  expect(await checkLedgerInvariants(t.db)).toEqual([]);
});
afterAll(() => t.drop());

const shopper = async () => {
  const u = await createUser(t.db);
  return { id: u.id, api: callerFor(t.db, clock, { id: u.id, role: "shopper" }) };
};
const alipay = (account = "13800138000") => ({ kind: "alipay" as const, account, holderName: "王芳" });
const card = luhnCard("6225880", 16);

describe("saving destinations", () => {
  it("adds, lists masked (to their owner too), the first one is the default, another can become it", async () => {
    const s = await shopper();
    const a = await s.api.wallet.destinations.add(alipay());
    expect(a).toMatchObject({ kind: "alipay", account: "138****8000", holderName: "王*", isDefault: true, bankCode: null });
    const b = await s.api.wallet.destinations.add({ kind: "bank_card", account: card, bankCode: "CMB", holderName: "王芳" });
    expect(b).toMatchObject({ kind: "bank_card", account: `**** ${card.slice(-4)}`, bankCode: "CMB", isDefault: false });
    expect((await s.api.wallet.destinations.list()).map((d) => [d.id, d.isDefault])).toEqual([
      [a.id, true],
      [b.id, false],
    ]);
    await s.api.wallet.destinations.setDefault({ destinationId: b.id });
    expect((await s.api.wallet.destinations.list()).map((d) => [d.id, d.isDefault])).toEqual([
      [b.id, true],
      [a.id, false],
    ]);
    // Nothing the shopper is sent carries the full account.
    expect(JSON.stringify(await s.api.wallet.destinations.list())).not.toContain(card);
    expect(JSON.stringify(await s.api.wallet.destinations.list())).not.toContain("13800138000");
  });

  it("refuses bad formats with the field named and in the shopper's language, saving nothing", async () => {
    const s = await shopper();
    const en = callerFor(t.db, clock, { id: s.id, role: "shopper" }, { locale: "en" });
    expect(await catchTrpc(() => s.api.wallet.destinations.add(alipay("12345")))).toMatchObject({ trpcCode: "BAD_REQUEST", domainCode: "DESTINATION_ALIPAY_INVALID", message: "支付宝账号须为手机号或邮箱" });
    expect(await catchTrpc(() => en.wallet.destinations.add({ kind: "bank_card", account: card.slice(0, -1) + ((Number(card.at(-1)) + 1) % 10), bankCode: "CMB", holderName: "王芳" }))).toMatchObject({
      domainCode: "DESTINATION_CARD_INVALID",
      message: "That card number is not valid: check its 15–19 digits.",
    });
    expect((await catchTrpc(() => s.api.wallet.destinations.add({ kind: "bank_card", account: card, bankCode: "XYZ", holderName: "王芳" }))).domainCode).toBe("DESTINATION_BANK_UNKNOWN");
    expect((await catchTrpc(() => s.api.wallet.destinations.add({ ...alipay(), holderName: "王" }))).domainCode).toBe("DESTINATION_NAME_INVALID");
    expect(await s.api.wallet.destinations.list()).toEqual([]);
  });

  it("refuses the same account twice and more than the limit", async () => {
    const s = await shopper();
    await s.api.wallet.destinations.add(alipay("13900000000"));
    expect((await catchTrpc(() => s.api.wallet.destinations.add(alipay("+86 139 0000 0000")))).domainCode).toBe("DESTINATION_DUPLICATE");
    for (let i = 1; i < MAX_DESTINATIONS; i++) await s.api.wallet.destinations.add(alipay(`1390000000${i}`));
    expect(await catchTrpc(() => s.api.wallet.destinations.add(alipay("13911111111")))).toMatchObject({ domainCode: "DESTINATION_LIMIT", message: `最多保存 ${MAX_DESTINATIONS} 个收款账户` });
  });

  it("adds at once from 8 connections stay within the limit and leave one default", async () => {
    const s = await shopper();
    for (let i = 0; i < MAX_DESTINATIONS - 2; i++) await s.api.wallet.destinations.add(alipay(`1370000000${i}`));
    const pool = createDb(t.url, { max: 8 });
    try {
      const api = callerFor(pool.db, clock, { id: s.id, role: "shopper" });
      await Promise.allSettled(Array.from({ length: 8 }, (_, i) => api.wallet.destinations.add({ ...alipay(`1371111111${i}`), makeDefault: true })));
    } finally {
      await pool.close();
    }
    const list = await s.api.wallet.destinations.list();
    expect(list).toHaveLength(MAX_DESTINATIONS);
    expect(list.filter((d) => d.isDefault)).toHaveLength(1);
  });
});

describe("someone else's destination", () => {
  it("is not found: not for a withdrawal, not to remove, not to make default; nothing moves", async () => {
    const alice = await shopper();
    const bob = await shopper();
    await fund(t.db, clock, bob.id, "cash", 50_000);
    const hers = await alice.api.wallet.destinations.add(alipay());
    const ask = () => bob.api.wallet.requestWithdrawal({ amountFen: 10_000, destinationId: hers.id, clientKey: randomUUID() });
    expect(await catchTrpc(ask)).toMatchObject({ trpcCode: "NOT_FOUND", domainCode: "DESTINATION_NOT_FOUND" });
    expect((await catchTrpc(() => bob.api.wallet.destinations.remove({ destinationId: hers.id }))).domainCode).toBe("DESTINATION_NOT_FOUND");
    expect((await catchTrpc(() => bob.api.wallet.destinations.setDefault({ destinationId: hers.id }))).domainCode).toBe("DESTINATION_NOT_FOUND");
    expect((await readUserBalances(t.db, bob.id)).cash).toBe(50_000);
    expect(await t.db.select().from(withdrawals).where(eq(withdrawals.userId, bob.id))).toEqual([]);
    expect(await alice.api.wallet.destinations.list()).toHaveLength(1);
  });
});

describe("removing a destination", () => {
  it("is refused while a withdrawal to it is pending or being paid; allowed once it is paid, and the record keeps it", async () => {
    const s = await shopper();
    await fund(t.db, clock, s.id, "cash", 50_000);
    const d = await s.api.wallet.destinations.add(alipay());
    const other = await s.api.wallet.destinations.add(alipay("13700000001"));
    const w = await s.api.wallet.requestWithdrawal({ amountFen: 10_000, destinationId: d.id, clientKey: randomUUID() });
    expect(await catchTrpc(() => s.api.wallet.destinations.remove({ destinationId: d.id }))).toMatchObject({ trpcCode: "CONFLICT", domainCode: "DESTINATION_IN_USE" });
    await callerFor(t.db, clock, finance).admin.decideWithdrawal({ withdrawalId: w.id, decision: "approve" });
    expect((await catchTrpc(() => s.api.wallet.destinations.remove({ destinationId: d.id }))).domainCode).toBe("DESTINATION_IN_USE");
    // Paid out: the destination may go; the withdrawal still says where the money went.
    // The router submitted it to the sandbox, which now reports it paid.
    const [payout] = await t.db.select().from(payouts).where(eq(payouts.withdrawalId, w.id));
    expect(payout?.providerPayoutId).toMatch(/^sbp_/);
    const settled = await settleSandboxRow(t.db, clock, { providerPayoutId: payout!.providerPayoutId!, outcome: "succeeded" });
    await t.db.transaction((tx) => applyPayoutReport(tx, clock, "sandbox", { ...settled, payload: "{}" }));
    await s.api.wallet.destinations.remove({ destinationId: d.id });
    expect((await s.api.wallet.destinations.list()).map((x) => [x.id, x.isDefault])).toEqual([[other.id, true]]);
    expect((await s.api.wallet.withdrawals({})).items[0]).toMatchObject({ id: w.id, status: "paid", destination: { kind: "alipay", account: "138****8000" } });
    const [row] = await t.db.select().from(payoutDestinations).where(eq(payoutDestinations.id, d.id));
    expect(row?.removedAt?.toISOString()).toBe(clock.now().toISOString());
    // A removed destination takes no new withdrawals.
    expect((await catchTrpc(() => s.api.wallet.requestWithdrawal({ amountFen: 10_000, destinationId: d.id, clientKey: randomUUID() }))).domainCode).toBe("DESTINATION_NOT_FOUND");
  });

  it("a removal and a withdrawal to it at once: either the withdrawal is refused or the removal is, never both through", async () => {
    for (let round = 0; round < 6; round++) {
      const s = await shopper();
      await fund(t.db, clock, s.id, "cash", 20_000);
      const d = await s.api.wallet.destinations.add(alipay());
      const pool = createDb(t.url, { max: 4 });
      let results: PromiseSettledResult<unknown>[];
      try {
        const api = callerFor(pool.db, clock, { id: s.id, role: "shopper" });
        results = await Promise.allSettled([api.wallet.requestWithdrawal({ amountFen: 10_000, destinationId: d.id, clientKey: randomUUID() }), api.wallet.destinations.remove({ destinationId: d.id })]);
      } finally {
        await pool.close();
      }
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const [row] = await t.db.select().from(payoutDestinations).where(eq(payoutDestinations.id, d.id));
      const open = await t.db.select().from(withdrawals).where(and(eq(withdrawals.destinationId, d.id), eq(withdrawals.status, "pending")));
      expect(row!.removedAt === null).toBe(open.length === 1);
    }
  });
});

describe("finance sees the full account; others see it masked", () => {
  it("reveal: finance only, each look audited without the account in the log", async () => {
    const s = await shopper();
    await fund(t.db, clock, s.id, "cash", 30_000);
    const d = await s.api.wallet.destinations.add({ kind: "bank_card", account: card, bankCode: "ICBC", holderName: "王芳" });
    const w = await s.api.wallet.requestWithdrawal({ amountFen: 10_000, destinationId: d.id, clientKey: randomUUID() });
    for (const who of [support, owner]) {
      const listed = await callerFor(t.db, clock, who).admin.withdrawals({ status: "pending" });
      expect(listed.items.find((i) => i.id === w.id)?.destination).toEqual({ kind: "bank_card", bankCode: "ICBC", account: `**** ${card.slice(-4)}`, holderName: "王*" });
      expect(JSON.stringify(listed)).not.toContain(card);
      expect((await catchTrpc(() => callerFor(t.db, clock, who).admin.payouts.revealDestination({ withdrawalId: w.id }))).trpcCode).toBe("FORBIDDEN");
    }
    const fin = callerFor(t.db, clock, finance, { ip: "203.0.113.9" });
    expect(await fin.admin.payouts.revealDestination({ withdrawalId: w.id })).toEqual({ kind: "bank_card", account: card, bankCode: "ICBC", holderName: "王芳" });
    await fin.admin.payouts.revealDestination({ withdrawalId: w.id });
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "withdrawal.destination.reveal"), eq(auditLog.targetId, w.id)));
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ actorId: finance.id, actorRole: "finance", targetType: "withdrawal", ip: "203.0.113.9" });
    expect(JSON.stringify(audit)).not.toContain(card);
  });
});

describe("withdrawals need a destination", () => {
  it("a legacy pending withdrawal without one cannot be approved, only rejected", async () => {
    const s = await shopper();
    await fund(t.db, clock, s.id, "cash", 30_000);
    const d = await s.api.wallet.destinations.add(alipay());
    const w = await s.api.wallet.requestWithdrawal({ amountFen: 10_000, destinationId: d.id, clientKey: randomUUID() });
    await t.db.update(withdrawals).set({ destinationId: null }).where(eq(withdrawals.id, w.id));
    const err = await payOutThroughSandbox(t.db, clock, { ...finance, ip: "x" }, w.id).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe("DESTINATION_NOT_FOUND");
    expect((await s.api.wallet.withdrawals({})).items[0]).toMatchObject({ status: "pending", destination: null });
  });
});
