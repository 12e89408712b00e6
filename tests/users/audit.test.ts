/** Spec §9: the audit log filtered by operator, action, target and business days; one row's detail; the CSV export. */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema";
import { auditCsv, csvCell, CSV_BOM } from "@/server/domain/audit/audit-csv";
import { exportAuditLog } from "@/server/domain/audit/export-audit-log";
import { listAuditLog } from "@/server/domain/audit/list-audit-log";
import { recordAudit, type Actor } from "@/server/domain/audit/record-audit";
import { FixedClock } from "@/server/domain/shared/clock";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser } from "../helpers/factories";
import { callerFor, catchTrpc } from "../helpers/api-caller";

let t: TestDb;
let alice: Actor;
let bob: Actor;
const target = randomUUID();

// Business days in Shanghai: 11-30 23:30 local is 15:30Z; 12-01 00:30 local is 16:30Z on 11-30.
const at = (iso: string) => new FixedClock(iso);

beforeAll(async () => {
  t = await createTestDb();
  const a = await createUser(t.db, { role: "owner", displayName: "店主阿丽" });
  const b = await createUser(t.db, { role: "finance", displayName: "=财务老包" });
  alice = { id: a.id, role: "owner", ip: "192.0.2.1" };
  bob = { id: b.id, role: "finance", ip: "192.0.2.2" };
  await recordAudit(t.db, at("2026-11-30T15:30:00Z"), alice, { action: "user.freeze", targetType: "user", targetId: target, before: { frozen: false }, after: { frozen: true, reason: "=HYPERLINK(\"http://x\")" } });
  await recordAudit(t.db, at("2026-11-30T16:30:00Z"), bob, { action: "user.adjust", targetType: "user", targetId: target, before: { asset: "cash", balance: 0 }, after: { asset: "cash", balance: 500, reason: "补偿，含\"引号\"" } });
  await recordAudit(t.db, at("2026-12-02T04:00:00Z"), bob, { action: "withdrawal.approve", targetType: "withdrawal", targetId: randomUUID() });
});
afterAll(() => t.drop());

const ids = async (f: Parameters<typeof listAuditLog>[1]) => (await listAuditLog(t.db, f)).items.map((r) => r.action);

describe("audit log filters", () => {
  it("by operator, action, target and business days (Asia/Shanghai, both ends included)", async () => {
    expect(await ids({ limit: 10 })).toEqual(["withdrawal.approve", "user.adjust", "user.freeze"]);
    expect(await ids({ actorId: bob.id, limit: 10 })).toEqual(["withdrawal.approve", "user.adjust"]);
    expect(await ids({ action: "user.freeze", limit: 10 })).toEqual(["user.freeze"]);
    expect(await ids({ targetType: "user", targetId: target, limit: 10 })).toEqual(["user.adjust", "user.freeze"]);
    expect(await ids({ from: "2026-11-30", to: "2026-11-30", limit: 10 })).toEqual(["user.freeze"]);
    expect(await ids({ from: "2026-12-01", limit: 10 })).toEqual(["withdrawal.approve", "user.adjust"]);
    expect(await ids({ to: "2026-12-01", actorId: bob.id, limit: 10 })).toEqual(["user.adjust"]);
    // Keyset pages cover the rows once each.
    const first = await listAuditLog(t.db, { limit: 2 });
    const second = await listAuditLog(t.db, { limit: 2, beforeId: first.nextCursor ?? undefined });
    expect([...first.items, ...second.items].map((r) => r.action)).toEqual(["withdrawal.approve", "user.adjust", "user.freeze"]);
    expect(second.nextCursor).toBeNull();
  });

  it("through the router, owner only; a bad range is a clear error; the detail and the facets", async () => {
    const owner = callerFor(t.db, at("2026-12-03T00:00:00Z"), { id: alice.id, role: "owner" });
    const { items } = await owner.admin.auditLog({ action: "user.adjust" });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ actorName: "=财务老包", actorRole: "finance" });
    expect(await owner.admin.auditEntry({ id: items[0]!.id })).toMatchObject({ before: { asset: "cash", balance: 0 }, after: { balance: 500 } });
    expect(await catchTrpc(() => owner.admin.auditLog({ from: "2026-12-02", to: "2026-12-01" }))).toMatchObject({ trpcCode: "BAD_REQUEST", domainCode: "AUDIT_BAD_RANGE" });
    expect(await catchTrpc(() => owner.admin.auditLog({ from: "2026-02-30" }))).toMatchObject({ domainCode: "AUDIT_BAD_RANGE" });
    const facets = await owner.admin.auditFacets();
    expect(facets.actions).toEqual(expect.arrayContaining(["user.adjust", "user.freeze", "withdrawal.approve"]));
    expect(facets.actors.map((a) => a.id).sort()).toEqual([alice.id, bob.id].sort());
    expect((await catchTrpc(() => callerFor(t.db, at("2026-12-03T00:00:00Z"), { id: bob.id, role: "finance" }).admin.auditLog({}))).trpcCode).toBe("FORBIDDEN");
  });
});

describe("CSV export", () => {
  it("cells: quoting, and formula-like text neutralised with a leading quote", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    for (const s of ["=1+1", "+86", "-5", "@SUM(A1)", "\tx", "\rx"]) expect(csvCell(s).replace(/^"/, "").startsWith("'")).toBe(true);
    expect(csvCell("=A1,B1")).toBe(`"'=A1,B1"`);
    expect(csvCell(null)).toBe("");
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
    expect(csvCell(new Date("2026-12-01T00:00:00Z"))).toBe("2026-12-01T00:00:00.000Z");
  });

  it("the filtered rows with a BOM and a header, Chinese intact; the export itself is audited", async () => {
    const clock = at("2026-12-03T00:00:00Z");
    const { csv, rows, truncated } = await t.db.transaction((tx) => exportAuditLog(tx, clock, alice, { targetType: "user", targetId: target }));
    expect(rows).toBe(2);
    expect(truncated).toBe(false);
    expect(csv.startsWith(CSV_BOM)).toBe(true);
    const lines = csv.slice(1).split("\r\n");
    expect(lines[0]).toBe("id,time,actor_id,actor_name,actor_role,action,target_type,target_id,before,after,ip");
    expect(lines).toHaveLength(4); // header, two rows, and the empty string after the final CRLF
    expect(lines[1]).toContain(`,'=财务老包,finance,user.adjust,user,${target},`);
    expect(lines[1]).toContain('""balance"":500');
    expect(lines[1]).toContain('""reason"":""补偿，含\\""引号\\""""');
    expect(lines[2]).toContain(",店主阿丽,owner,user.freeze,");
    expect(lines[2]).toContain("2026-11-30T15:30:00.000Z");
    const [exported] = await t.db.execute<{ after: unknown }>(sql`SELECT after FROM ${auditLog} WHERE action = 'audit.export'`);
    expect(exported?.after).toEqual({ filters: { targetType: "user", targetId: target }, rows: 2 });
    expect(auditCsv([])).toBe(`${CSV_BOM}id,time,actor_id,actor_name,actor_role,action,target_type,target_id,before,after,ip\r\n`);
  });
});
