import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { and, eq } from "drizzle-orm";
import { auditLog, users, type UserRole } from "@/db/schema";
import { appRouter } from "@/server/api/root";
import { PERMISSIONS, roleAllows, type Permission } from "@/server/api/permissions";
import { FixedClock } from "@/server/domain/shared/clock";
import { SETTING_DEFAULTS, readSetting } from "@/server/domain/settings/platform-settings";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser } from "../helpers/factories";
import { callerFor, catchTrpc, type Caller } from "../helpers/api-caller";

let t: TestDb;
const clock = new FixedClock("2026-11-25T16:00:00Z");
let someShopperId: string;

/**
 * Every operator procedure, the permission it must require, and a minimal valid input. A procedure
 * added to adminRouter without a row here fails the test below: decide its permission, then add it.
 */
const MATRIX: Record<string, { permission: Permission; input: () => unknown }> = {
  whoami: { permission: "dashboard.read", input: () => undefined },
  users: { permission: "users.read", input: () => ({}) },
  "user.search": { permission: "users.read", input: () => ({ query: "138" }) },
  "user.detail": { permission: "users.read", input: () => ({ userId: someShopperId }) },
  "user.ledger": { permission: "users.read", input: () => ({ userId: someShopperId }) },
  "user.entries": { permission: "users.read", input: () => ({ userId: someShopperId }) },
  "user.orders": { permission: "users.read", input: () => ({ userId: someShopperId }) },
  "user.withdrawals": { permission: "users.read", input: () => ({ userId: someShopperId }) },
  "user.downline": { permission: "users.read", input: () => ({ userId: someShopperId, level: 2 }) },
  // Freezing a shopper again, or unfreezing an active one, is a no-op: every allowed role gets through.
  "user.freeze": { permission: "users.freeze", input: () => ({ userId: someShopperId, reason: "role matrix" }) },
  "user.unfreeze": { permission: "users.freeze", input: () => ({ userId: someShopperId, reason: "role matrix" }) },
  // An unknown user: NOT_FOUND once let in, nothing posted.
  "user.adjust": { permission: "users.adjust", input: () => ({ userId: randomUUID(), adjustmentId: randomUUID(), asset: "cash", amount: 100, reason: "role matrix" }) },
  withdrawals: { permission: "withdrawals.read", input: () => ({}) },
  decideWithdrawal: { permission: "withdrawals.decide", input: () => ({ withdrawalId: randomUUID(), decision: "reject", note: "role matrix" }) },
  // An unknown withdrawal: NOT_FOUND once let in, nothing audited.
  "payouts.revealDestination": { permission: "withdrawals.reveal", input: () => ({ withdrawalId: randomUUID() }) },
  paymentsForReview: { permission: "payments.read", input: () => ({}) },
  // An unknown payment: NOT_FOUND once let in, nothing written.
  resolveHeldPayment: { permission: "payments.resolve", input: () => ({ actionId: randomUUID(), paymentOrderId: randomUUID(), action: "dismiss", reason: "role matrix" }) },
  "payments.list": { permission: "payments.read", input: () => ({ provider: "alipay" }) },
  "payments.refunds": { permission: "payments.read", input: () => ({ status: "processing" }) },
  // An unknown refund: NOT_FOUND once let in, nothing asked, nothing audited.
  "payments.askRefund": { permission: "payments.resolve", input: () => ({ refundId: randomUUID() }) },
  auditLog: { permission: "audit.read", input: () => ({}) },
  auditEntry: { permission: "audit.read", input: () => ({ id: 999_999 }) },
  auditFacets: { permission: "audit.read", input: () => undefined },
  settings: { permission: "settings.read", input: () => undefined },
  updateSetting: { permission: "settings.write", input: () => ({ key: "wallet", value: SETTING_DEFAULTS.wallet }) },
  "settlement.runs": { permission: "settlement.read", input: () => ({}) },
  "settlement.run": { permission: "settlement.read", input: () => ({ runId: 999_999 }) },
  "settlement.payouts": { permission: "settlement.read", input: () => ({ runId: 999_999 }) },
  "settlement.overview": { permission: "settlement.read", input: () => undefined },
  "settlement.runDay": { permission: "settlement.run", input: () => ({ job: "daily-dividend", day: "2020-01-01" }) },
  "settlement.setStaticRelease": { permission: "settlement.run", input: () => ({ enabled: false, baseBp: 3, accelerationBp: 1 }) },
  "pool.overview": { permission: "settlement.read", input: () => undefined },
  "pool.settle": { permission: "pool.settle", input: () => ({ profitFen: 100 }) },
  "pool.setShareRatio": { permission: "pool.settle", input: () => ({ shareRatioBp: 10_000 }) },
  // Nested routers appear by their dotted path. Inputs that fail inside the domain (NOT_FOUND,
  // INVALID_ACTIVITY) still prove the caller was let in, and leave nothing behind.
  "activities.list": { permission: "activities.read", input: () => ({}) },
  "activities.get": { permission: "activities.read", input: () => ({ activityId: randomUUID() }) },
  "activities.groups": { permission: "activities.read", input: () => ({}) },
  "activities.create": { permission: "activities.write", input: () => ({ activity: {} }) },
  "activities.update": { permission: "activities.write", input: () => ({ activityId: randomUUID(), activity: {} }) },
  "activities.setStatus": { permission: "activities.write", input: () => ({ activityId: randomUUID(), action: "pause" }) },
  "activities.products": { permission: "activities.write", input: () => ({ query: "耳机" }) },
  "store.categories": { permission: "store.read", input: () => undefined },
  "store.saveCategory": { permission: "store.write", input: () => ({ id: randomUUID(), name: "x", position: 0, active: true }) },
  "store.products": { permission: "store.read", input: () => ({}) },
  "store.product": { permission: "store.read", input: () => ({ id: randomUUID() }) },
  "store.saveProduct": { permission: "store.write", input: () => ({ id: randomUUID(), categoryId: null, name: "x", description: "", priceFen: 100, images: [], onSale: false }) },
  "store.adjustStock": { permission: "store.write", input: () => ({ productId: randomUUID(), delta: 1 }) },
  "store.mallItems": { permission: "store.read", input: () => undefined },
  "store.saveMallItem": { permission: "store.write", input: () => ({ productId: randomUUID(), asset: "mallPoints", pricePoints: 1, stock: 0, active: false }) },
  "store.grantVoucher": { permission: "vouchers.grant", input: () => ({ grantId: randomUUID(), userId: randomUUID(), amountFen: 100, note: "test" }) },
  "orders.list": { permission: "orders.read", input: () => ({}) },
  "orders.get": { permission: "orders.read", input: () => ({ id: randomUUID() }) },
  "orders.ship": { permission: "orders.fulfil", input: () => ({ id: randomUUID(), carrier: "顺丰", trackingNo: "SF1234567" }) },
  "orders.deliver": { permission: "orders.fulfil", input: () => ({ id: randomUUID() }) },
  "orders.refund": { permission: "orders.refund", input: () => ({ id: randomUUID(), refundId: randomUUID(), amountFen: 100, note: "test" }) },
  "ads.advertisers": { permission: "ads.read", input: () => undefined },
  "ads.saveAdvertiser": { permission: "ads.write", input: () => ({ id: randomUUID(), name: "x", contact: "" }) },
  "ads.recordPrepayment": { permission: "ads.prepay", input: () => ({ prepaymentId: randomUUID(), advertiserId: randomUUID(), amountFen: 100, reference: "REF-1" }) },
  "ads.campaigns": { permission: "ads.read", input: () => undefined },
  "ads.saveCampaign": {
    permission: "ads.write",
    input: () => ({ advertiserId: randomUUID(), name: "x", creativeUrl: "/api/images/x.png", durationSeconds: 30, pricePerViewFen: 10, budgetFen: 100, startsAt: new Date(), endsAt: null, active: false }),
  },
  "ads.settings": { permission: "ads.read", input: () => undefined },
  "ads.saveSettings": { permission: "ads.write", input: () => ({ value: { viewsPerSet: 0 } }) },
  "ads.networks": { permission: "ads.read", input: () => undefined },
  "ads.saveNetwork": { permission: "ads.write", input: () => ({ network: "pangle", enabled: false, secret: "", keyUrl: "", revenuePerViewFen: 0 }) },
  "ads.report": { permission: "ads.read", input: () => ({ from: "2026-11-20", to: "2026-11-25" }) },
  "dashboard.overview": { permission: "dashboard.read", input: () => ({ range: "7d" }) },
  "dashboard.reconcileNow": { permission: "dashboard.reconcile", input: () => undefined },
};

const ADMIN_PROCEDURES = Object.keys(appRouter._def.procedures)
  .filter((p) => p.startsWith("admin."))
  .map((p) => p.slice("admin.".length))
  .sort();

const ROLES = ["owner", "operator", "finance", "support", "shopper", "anonymous"] as const;
type Who = (typeof ROLES)[number];
const sessions = {} as Record<Who, { id: string; role: UserRole } | null>;

beforeAll(async () => {
  t = await createTestDb();
  for (const role of ROLES) {
    sessions[role] = role === "anonymous" ? null : { id: (await createUser(t.db, { role })).id, role };
  }
  someShopperId = sessions.shopper!.id;
});
afterAll(() => t.drop());

/** Calls `admin.<name>` (a dotted path for nested routers) through the real router, whatever its input type. */
function callAdmin(caller: Caller, name: string, input: unknown): Promise<unknown> {
  let node: unknown = caller.admin;
  for (const part of name.split(".")) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== "function") throw new Error(`admin.${name} is not callable`);
  return (node as (input: unknown) => Promise<unknown>)(input);
}

type Verdict = "allowed" | "denied";

/** Allowed unless the call is refused for who is calling; a domain error (NOT_FOUND, ...) still means "let in". */
async function verdictOf(caller: Caller, name: string, input: unknown): Promise<{ verdict: Verdict; code: string }> {
  try {
    await callAdmin(caller, name, input);
    return { verdict: "allowed", code: "OK" };
  } catch (e) {
    if (!(e instanceof TRPCError)) throw e;
    if (e.code === "INTERNAL_SERVER_ERROR") throw new Error(`admin.${name} failed unexpectedly`, { cause: e });
    return { verdict: e.code === "FORBIDDEN" || e.code === "UNAUTHORIZED" ? "denied" : "allowed", code: e.code };
  }
}

describe("role matrix", () => {
  it("enumerates the operator procedures from the router", () => {
    expect(ADMIN_PROCEDURES.length).toBeGreaterThanOrEqual(9);
    expect(ADMIN_PROCEDURES).toContain("decideWithdrawal");
    expect(ADMIN_PROCEDURES).toContain("activities.update");
  });

  it("has a row for every operator procedure, and none for a procedure that is gone", () => {
    const missing = ADMIN_PROCEDURES.filter((p) => !(p in MATRIX));
    expect(missing, `admin procedures with no entry in MATRIX (add their permission): ${missing.join(", ")}`).toEqual([]);
    const stale = Object.keys(MATRIX).filter((p) => !ADMIN_PROCEDURES.includes(p));
    expect(stale, "MATRIX rows for procedures that no longer exist").toEqual([]);
  });

  it("PERMISSIONS is the reviewed matrix (widening a permission is a deliberate change here too)", () => {
    expect(PERMISSIONS).toEqual({
      "dashboard.read": ["owner", "operator", "finance", "support"],
      "dashboard.reconcile": ["owner", "finance"],
      "users.read": ["owner", "operator", "finance", "support"],
      "users.freeze": ["owner", "operator"],
      "users.adjust": ["owner", "finance"],
      "withdrawals.read": ["owner", "finance", "support"],
      "withdrawals.decide": ["owner", "finance"],
      "withdrawals.reveal": ["finance"],
      "payments.read": ["owner", "finance"],
      "payments.resolve": ["owner", "finance"],
      "audit.read": ["owner"],
      "settings.read": ["owner", "operator", "finance", "support"],
      "settings.write": ["owner"],
      "settlement.read": ["owner", "operator", "finance"],
      "settlement.run": ["owner", "finance"],
      "pool.settle": ["owner", "finance"],
      "activities.read": ["owner", "operator", "finance", "support"],
      "activities.write": ["owner", "operator"],
      "store.read": ["owner", "operator", "finance", "support"],
      "store.write": ["owner", "operator"],
      "orders.read": ["owner", "operator", "finance", "support"],
      "orders.fulfil": ["owner", "operator", "support"],
      "orders.refund": ["owner", "finance"],
      "vouchers.grant": ["owner", "finance"],
      "ads.read": ["owner", "operator", "finance", "support"],
      "ads.write": ["owner", "operator"],
      "ads.prepay": ["owner", "finance"],
    });
  });

  it("every role named in PERMISSIONS is a staff role, and every permission is used", () => {
    for (const roles of Object.values(PERMISSIONS)) for (const r of roles) expect(["owner", "operator", "finance", "support"]).toContain(r);
    const used = new Set(Object.values(MATRIX).map((m) => m.permission));
    expect([...used].sort()).toEqual(Object.keys(PERMISSIONS).sort());
  });

  describe.each(ADMIN_PROCEDURES)("admin.%s", (name) => {
    it.each(ROLES)("as %s: allowed or denied exactly as PERMISSIONS says", async (who) => {
      const row = MATRIX[name];
      expect(row, `admin.${name} has no entry in MATRIX`).toBeDefined();
      const expected: Verdict = who !== "anonymous" && roleAllows(who, row!.permission) ? "allowed" : "denied";
      const got = await verdictOf(callerFor(t.db, clock, sessions[who]), name, row!.input());
      expect(got.verdict, `admin.${name} as ${who} (got ${got.code})`).toBe(expected);
      // Denied with the right reason: not signed in → UNAUTHORIZED; signed in without the permission → FORBIDDEN.
      if (expected === "denied") expect(got.code).toBe(who === "anonymous" ? "UNAUTHORIZED" : "FORBIDDEN");
    });
  });

  it("judges a staff member by the role in the database, not the one in their session", async () => {
    const staff = await createUser(t.db, { role: "owner" });
    const staleSession = { id: staff.id, role: "owner" as const };
    expect((await verdictOf(callerFor(t.db, clock, staleSession), "auditLog", {})).verdict).toBe("allowed");

    // Demoted to support after the session was issued: the session still says owner.
    await t.db.update(users).set({ role: "support" }).where(eq(users.id, staff.id));
    const caller = callerFor(t.db, clock, staleSession);
    expect(await verdictOf(caller, "auditLog", {})).toEqual({ verdict: "denied", code: "FORBIDDEN" });
    expect(await verdictOf(caller, "updateSetting", MATRIX.updateSetting!.input())).toEqual({ verdict: "denied", code: "FORBIDDEN" });
    expect((await verdictOf(caller, "users", {})).verdict).toBe("allowed");
    expect(await caller.admin.whoami()).toMatchObject({ id: staff.id, role: "support" });

    // Demoted to shopper: nothing in the console.
    await t.db.update(users).set({ role: "shopper" }).where(eq(users.id, staff.id));
    for (const name of ADMIN_PROCEDURES) expect((await verdictOf(caller, name, MATRIX[name]!.input())).verdict).toBe("denied");

    // Promoted in the database while the session says shopper: the database wins that way too.
    const promoted = await createUser(t.db, { role: "shopper" });
    const shopperSession = { id: promoted.id, role: "shopper" as const };
    expect((await verdictOf(callerFor(t.db, clock, shopperSession), "auditLog", {})).verdict).toBe("denied");
    await t.db.update(users).set({ role: "owner" }).where(eq(users.id, promoted.id));
    expect((await verdictOf(callerFor(t.db, clock, shopperSession), "auditLog", {})).verdict).toBe("allowed");
  });

  it("denies a frozen staff member everything", async () => {
    const staff = await createUser(t.db, { role: "owner", frozen: true });
    const caller = callerFor(t.db, clock, { id: staff.id, role: "owner" });
    for (const name of ADMIN_PROCEDURES) {
      expect(await verdictOf(caller, name, MATRIX[name]!.input()), `admin.${name}`).toEqual({ verdict: "denied", code: "FORBIDDEN" });
    }
    // Unfreezing restores access.
    await t.db.update(users).set({ frozen: false }).where(eq(users.id, staff.id));
    expect((await verdictOf(caller, "auditLog", {})).verdict).toBe("allowed");
  });

  it("denies a session for a user that does not exist", async () => {
    const ghost = callerFor(t.db, clock, { id: randomUUID(), role: "owner" });
    expect(await verdictOf(ghost, "whoami", undefined)).toEqual({ verdict: "denied", code: "FORBIDDEN" });
  });
});

describe("settings", () => {
  it("an update writes the setting and an audit row with actor, role, before, after and IP", async () => {
    const ownerSession = sessions.owner!;
    const caller = callerFor(t.db, clock, ownerSession, { ip: "192.0.2.44" });
    const before = await readSetting(t.db, "wallet");
    const next = { ...before, withdrawalMinFen: before.withdrawalMinFen + 500 };
    await expect(caller.admin.updateSetting({ key: "wallet", value: next })).resolves.toEqual(next);
    expect(await readSetting(t.db, "wallet")).toEqual(next);
    expect((await caller.admin.settings()).wallet).toEqual(next);

    const rows = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "settings.update"), eq(auditLog.ip, "192.0.2.44")));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorId: ownerSession.id, actorRole: "owner", targetType: "setting", targetId: "wallet", before, after: next });
    expect(rows[0]!.createdAt.toISOString()).toBe(clock.now().toISOString());
    // The owner sees it in the audit log through the API.
    const { items } = await caller.admin.auditLog({});
    expect(items.find((i) => i.id === rows[0]!.id)).toMatchObject({ action: "settings.update", actorId: ownerSession.id });

    await caller.admin.updateSetting({ key: "wallet", value: before });
  });

  it("an invalid value is refused with BAD_REQUEST and changes nothing, not even the audit log", async () => {
    const caller = callerFor(t.db, clock, sessions.owner, { ip: "192.0.2.45" });
    const before = await readSetting(t.db, "wallet");
    for (const value of [{ ...before, withdrawalMinFen: -1 }, { ...before, topupMaxFen: "lots" }, null, "x"]) {
      const err = await catchTrpc(() => caller.admin.updateSetting({ key: "wallet", value }));
      expect(err.trpcCode).toBe("BAD_REQUEST");
    }
    expect(await readSetting(t.db, "wallet")).toEqual(before);
    expect(await t.db.select().from(auditLog).where(eq(auditLog.ip, "192.0.2.45"))).toEqual([]);
  });

  it("a refused update (operator) writes nothing", async () => {
    const caller = callerFor(t.db, clock, sessions.operator, { ip: "192.0.2.46" });
    const err = await catchTrpc(() => caller.admin.updateSetting({ key: "wallet", value: { ...SETTING_DEFAULTS.wallet, withdrawalMinFen: 9999 } }));
    expect(err).toMatchObject({ trpcCode: "FORBIDDEN", domainCode: "FORBIDDEN" });
    expect((await readSetting(t.db, "wallet")).withdrawalMinFen).not.toBe(9999);
    expect(await t.db.select().from(auditLog).where(eq(auditLog.ip, "192.0.2.46"))).toEqual([]);
  });
});

/** The referral centre's procedures: a signed-in shopper's own figures; staff and signed-out callers are refused. */
const REFERRAL_PROCEDURES: Record<string, unknown> = { centre: undefined, downline: { level: 1 }, earnings: {}, posterChoices: undefined };

describe("referrals procedures", () => {
  it("lists every procedure of the referrals router", () => {
    expect(Object.keys(appRouter._def.procedures).filter((p) => p.startsWith("referrals.")).map((p) => p.slice("referrals.".length)).sort()).toEqual(Object.keys(REFERRAL_PROCEDURES).sort());
  });

  describe.each(Object.keys(REFERRAL_PROCEDURES))("referrals.%s", (name) => {
    it.each(ROLES)("as %s: only a shopper is let in", async (who) => {
      const call = () => (callerFor(t.db, clock, sessions[who]).referrals as unknown as Record<string, (input: unknown) => Promise<unknown>>)[name]!(REFERRAL_PROCEDURES[name]);
      if (who === "shopper") await expect(call()).resolves.toBeDefined();
      else expect((await catchTrpc(call)).trpcCode).toBe(who === "anonymous" ? "UNAUTHORIZED" : "FORBIDDEN");
    });
  });
});
