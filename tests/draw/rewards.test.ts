import { describe, expect, it } from "vitest";
import type { ActivityConfig } from "@/server/domain/shared/activity-config";
import { settleDrawnGroup, type SettledEntry } from "@/server/domain/draw/group-rewards";
import { referralReleaseFen } from "@/server/domain/draw/referral-release";
import type { TransferInput } from "@/server/domain/ledger";
import { bareConfig, configWith, type DeepPartial } from "../helpers/group-fixtures";

const P = 1999; // ¥19.99: every ratio below leaves a remainder to round down

/** One line per transfer: the key's code (after the entry id), asset, from → to, amount. */
function lines(transfers: TransferInput[]): string[] {
  const side = (r: TransferInput["from"]) => ("userId" in r ? `user:${r.userId}` : "platform" in r ? r.platform : `advertiser:${r.advertiserId}`);
  return transfers.map((t) => {
    const [, entryId, code] = /^entry:([^:]+):(.+)$/.exec(t.key) ?? [];
    expect(t.reason).toBe(`draw.${code}`);
    expect(t.ref).toEqual({ type: "entry", id: entryId });
    return `${entryId} ${code} ${t.asset} ${side(t.from)}->${side(t.to)} ${t.amount}`;
  });
}

const winner = (o: Partial<SettledEntry> = {}): SettledEntry => ({ entryId: "e1", userId: "u1", seat: 1, itemKind: "product", won: true, ...o });
const loser = (o: Partial<SettledEntry> = {}): SettledEntry => ({ entryId: "e2", userId: "u2", seat: 2, itemKind: "product", won: false, ...o });

function settle(config: ActivityConfig, entries: SettledEntry[], credit: Record<string, number> = {}, priceFen = P) {
  return settleDrawnGroup({ groupId: "g", priceFen, config, entries, creditBefore: new Map(Object.entries(credit)) });
}

const SETTLE = "e1 settle cash group_escrow->store_revenue 1999";
const REFUND = "e2 L-0 cash group_escrow->user:u2 1999";

describe("settleDrawnGroup: one reward at a time", () => {
  type Case = { name: string; on: DeepPartial<ActivityConfig>; entry: SettledEntry; credit?: Record<string, number>; want: string[]; prizes?: unknown[]; pool?: [string, number][] };
  const cases: Case[] = [
    { name: "W-A voucher item: a voucher of value P and a credited prize", on: { rewards: { WA: { on: true } } }, entry: winner({ itemKind: "voucher" }), want: [SETTLE, "e1 W-A voucher rewards_expense->user:u1 1999"], prizes: [{ entryId: "e1", kind: "voucher" }] },
    { name: "W-A product item: a prize to ship, no voucher", on: { rewards: { WA: { on: true } } }, entry: winner({ itemKind: "product" }), want: [SETTLE], prizes: [{ entryId: "e1", kind: "product" }] },
    { name: "W-B 100%: 19.99 yuan → 19 dividend points", on: { rewards: { WB: { on: true, ratioBp: 10_000 } } }, entry: winner(), want: [SETTLE, "e1 W-B divPoints rewards_expense->user:u1 19"] },
    { name: "W-B 33.33%: 6.66 yuan → 6 points", on: { rewards: { WB: { on: true, ratioBp: 3333 } } }, entry: winner(), want: [SETTLE, "e1 W-B divPoints rewards_expense->user:u1 6"] },
    { name: "W-B 3.33% of 19.99 yuan is under a point: nothing", on: { rewards: { WB: { on: true, ratioBp: 333 } } }, entry: winner(), want: [SETTLE] },
    { name: "W-C 100%: credit P", on: { rewards: { WC: { on: true, ratioBp: 10_000 } } }, entry: winner(), want: [SETTLE, "e1 W-C credit credit_issued->user:u1 1999"] },
    { name: "W-C 3.33%: 66.57 fen → 66", on: { rewards: { WC: { on: true, ratioBp: 333 } } }, entry: winner(), want: [SETTLE, "e1 W-C credit credit_issued->user:u1 66"] },
    { name: "W-D 5% with plenty of credit: 99.95 fen → 99", on: { rewards: { WD: { on: true, ratioBp: 500 } } }, entry: winner(), credit: { u1: 1000 }, want: [SETTLE, "e1 W-D.credit credit user:u1->credit_issued 99", "e1 W-D.cash cash rewards_expense->user:u1 99"] },
    { name: "W-D capped by the credit held before", on: { rewards: { WD: { on: true, ratioBp: 500 } } }, entry: winner(), credit: { u1: 50 }, want: [SETTLE, "e1 W-D.credit credit user:u1->credit_issued 50", "e1 W-D.cash cash rewards_expense->user:u1 50"] },
    { name: "W-D with no credit: nothing", on: { rewards: { WD: { on: true, ratioBp: 500 } } }, entry: winner(), credit: { u1: 0 }, want: [SETTLE] },
    { name: "W-D with no credit account at all: nothing", on: { rewards: { WD: { on: true, ratioBp: 500 } } }, entry: winner(), want: [SETTLE] },
    { name: "W-E 10%: 199 fen into the pool, no transfer", on: { rewards: { WE: { on: true, ratioBp: 1000 } } }, entry: winner(), want: [SETTLE], pool: [["e1", 199]] },
    { name: "W-E 3.33%: 66 fen", on: { rewards: { WE: { on: true, ratioBp: 333 } } }, entry: winner(), want: [SETTLE], pool: [["e1", 66]] },
    { name: "W-F 100%: 19 mall points", on: { rewards: { WF: { on: true, ratioBp: 10_000 } } }, entry: winner(), want: [SETTLE, "e1 W-F mallPoints rewards_expense->user:u1 19"] },
    { name: "L-A 5%: 99 fen cash bonus", on: { rewards: { LA: { on: true, ratioBp: 500 } } }, entry: loser(), want: [REFUND, "e2 L-A cash rewards_expense->user:u2 99"] },
    { name: "L-A 3.33%: 66 fen", on: { rewards: { LA: { on: true, ratioBp: 333 } } }, entry: loser(), want: [REFUND, "e2 L-A cash rewards_expense->user:u2 66"] },
    { name: "L-B 5% with plenty of credit", on: { rewards: { LB: { on: true, ratioBp: 500 } } }, entry: loser(), credit: { u2: 5000 }, want: [REFUND, "e2 L-B.credit credit user:u2->credit_issued 99", "e2 L-B.cash cash rewards_expense->user:u2 99"] },
    { name: "L-B capped by the credit held before", on: { rewards: { LB: { on: true, ratioBp: 500 } } }, entry: loser(), credit: { u2: 7 }, want: [REFUND, "e2 L-B.credit credit user:u2->credit_issued 7", "e2 L-B.cash cash rewards_expense->user:u2 7"] },
    { name: "L-B with no credit: nothing", on: { rewards: { LB: { on: true, ratioBp: 500 } } }, entry: loser(), want: [REFUND] },
    { name: "L-C 100%: 19 mall points", on: { rewards: { LC: { on: true, ratioBp: 10_000 } } }, entry: loser(), want: [REFUND, "e2 L-C mallPoints rewards_expense->user:u2 19"] },
  ];

  it.each(cases)("$name", ({ on, entry, credit, want, prizes = [], pool = [] }) => {
    const s = settle(bareConfig(on), [entry], credit);
    expect(lines(s.transfers)).toEqual(want);
    expect(s.prizes).toEqual(prizes);
    expect([...s.dividendPoolFen]).toEqual(pool);
  });

  it.each(cases)("off: $name", ({ entry, credit }) => {
    const s = settle(bareConfig(), [entry], credit);
    expect(lines(s.transfers)).toEqual([entry.won ? SETTLE : REFUND]);
    expect(s.prizes).toEqual([]);
    expect(s.dividendPoolFen.size).toBe(0);
  });

  it.each([
    ["W-B", { WB: { on: true, ratioBp: 0 } }],
    ["W-C", { WC: { on: true, ratioBp: 0 } }],
    ["W-D", { WD: { on: true, ratioBp: 0 } }],
    ["W-F", { WF: { on: true, ratioBp: 0 } }],
  ] as const)("%s at ratio 0: no zero-amount transfer", (_, rewards) => {
    expect(lines(settle(bareConfig({ rewards }), [winner()], { u1: 1000 }).transfers)).toEqual([SETTLE]);
  });

  it("L-0 is paid with every reward off, and a loser gets no winner reward", () => {
    const s = settle(bareConfig({ rewards: { WA: { on: true }, WB: { on: true }, WC: { on: true }, WD: { on: true }, WE: { on: true }, WF: { on: true } } }), [loser({ itemKind: "voucher" })], { u2: 1000 });
    expect(lines(s.transfers)).toEqual([REFUND]);
    expect(s.prizes).toEqual([]);
    expect(s.dividendPoolFen.size).toBe(0);
  });

  it("a winner gets no loser reward and no refund", () => {
    const s = settle(bareConfig({ rewards: { LA: { on: true }, LB: { on: true }, LC: { on: true } } }), [winner()], { u1: 1000 });
    expect(lines(s.transfers)).toEqual([SETTLE]);
  });
});

describe("settleDrawnGroup: credit releases share the credit held before the group", () => {
  const wd = bareConfig({ rewards: { WD: { on: true, ratioBp: 500 }, LB: { on: true, ratioBp: 500 } } });

  it("W-D on two winning entries of one user: 99 then the 51 left of 150", () => {
    const s = settle(wd, [winner({ entryId: "e7", seat: 7 }), winner({ entryId: "e3", seat: 3 })], { u1: 150 });
    expect(lines(s.transfers)).toEqual([
      "e3 settle cash group_escrow->store_revenue 1999",
      "e3 W-D.credit credit user:u1->credit_issued 99",
      "e3 W-D.cash cash rewards_expense->user:u1 99",
      "e7 settle cash group_escrow->store_revenue 1999",
      "e7 W-D.credit credit user:u1->credit_issued 51",
      "e7 W-D.cash cash rewards_expense->user:u1 51",
    ]);
  });

  it("W-D and L-B of one user's winning and losing entries: 99 then 21 of 120", () => {
    const s = settle(wd, [winner({ seat: 2 }), loser({ entryId: "e5", userId: "u1", seat: 5 })], { u1: 120 });
    expect(lines(s.transfers)).toEqual([
      "e1 settle cash group_escrow->store_revenue 1999",
      "e1 W-D.credit credit user:u1->credit_issued 99",
      "e1 W-D.cash cash rewards_expense->user:u1 99",
      "e5 L-0 cash group_escrow->user:u1 1999",
      "e5 L-B.credit credit user:u1->credit_issued 21",
      "e5 L-B.cash cash rewards_expense->user:u1 21",
    ]);
  });

  it("W-D never releases the W-C credit granted by the same group", () => {
    const s = settle(bareConfig({ rewards: { WC: { on: true, ratioBp: 10_000 }, WD: { on: true, ratioBp: 500 } } }), [winner()], {});
    expect(lines(s.transfers)).toEqual([SETTLE, "e1 W-C credit credit_issued->user:u1 1999"]);
  });

  it("each user's cap is their own", () => {
    const s = settle(wd, [winner({ userId: "a", seat: 1 }), loser({ userId: "b", seat: 2 })], { a: 30, b: 1000 });
    expect(lines(s.transfers).filter((l) => l.includes(".credit"))).toEqual(["e1 W-D.credit credit user:a->credit_issued 30", "e2 L-B.credit credit user:b->credit_issued 99"]);
  });

  it("does not touch the caller's balances", () => {
    const credit = new Map([["u1", 150]]);
    settleDrawnGroup({ groupId: "g", priceFen: P, config: wd, entries: [winner()], creditBefore: credit });
    expect(credit.get("u1")).toBe(150);
  });
});

describe("settleDrawnGroup: a whole group with the default rewards", () => {
  it("10 seats, 3 winners: exact totals per asset", () => {
    const entries = Array.from({ length: 10 }, (_, i) => ({ entryId: `e${i + 1}`, userId: `u${i + 1}`, seat: i + 1, itemKind: i % 2 ? ("voucher" as const) : ("product" as const), won: [2, 5, 8].includes(i + 1) }));
    const credit = Object.fromEntries(entries.map((e) => [e.userId, 1000]));
    const s = settle(configWith(), entries, credit, 99_00);
    const sum = (pred: (t: TransferInput) => boolean) => s.transfers.filter(pred).reduce((a, t) => a + t.amount, 0);
    expect(sum((t) => t.key.endsWith(":settle"))).toBe(3 * 99_00);
    expect(sum((t) => t.key.endsWith(":L-0"))).toBe(7 * 99_00);
    expect(sum((t) => t.key.endsWith(":L-A"))).toBe(7 * 495);
    expect(sum((t) => t.asset === "credit" && "userId" in t.from)).toBe(10 * 495); // W-D and L-B, 5% each
    expect(sum((t) => t.key.endsWith(":W-C"))).toBe(3 * 99_00);
    expect(sum((t) => t.asset === "divPoints")).toBe(3 * 99);
    expect(sum((t) => t.asset === "mallPoints")).toBe(10 * 99);
    expect(sum((t) => t.asset === "voucher")).toBe(2 * 99_00); // seats 2 and 8 chose vouchers, seat 5 a product
    expect([...s.dividendPoolFen]).toEqual([["e2", 990], ["e5", 990], ["e8", 990]]);
    expect(s.prizes).toEqual([{ entryId: "e2", kind: "voucher" }, { entryId: "e5", kind: "product" }, { entryId: "e8", kind: "voucher" }]);
    expect(new Set(s.transfers.map((t) => t.key)).size).toBe(s.transfers.length);
  });
});

describe("referralReleaseFen (动态释放二)", () => {
  const level = (o: Partial<ActivityConfig["referral"]["L1"]>): ActivityConfig["referral"]["L1"] => ({ on: true, mode: "fixed", amountFen: 0, ratioBp: 0, ...o });
  it.each([
    { name: "fixed under the balance", l: level({ mode: "fixed", amountFen: 300 }), balance: 1000, want: 300 },
    { name: "fixed capped at the balance", l: level({ mode: "fixed", amountFen: 300 }), balance: 120, want: 120 },
    { name: "fixed equal to the balance", l: level({ mode: "fixed", amountFen: 300 }), balance: 300, want: 300 },
    { name: "fixed 0", l: level({ mode: "fixed", amountFen: 0 }), balance: 1000, want: 0 },
    { name: "fixed ignores the ratio", l: level({ mode: "fixed", amountFen: 300, ratioBp: 10_000 }), balance: 1000, want: 300 },
    { name: "ratio 1% of 12345 → 123 (rounded down)", l: level({ mode: "ratio", ratioBp: 100 }), balance: 12345, want: 123 },
    { name: "ratio 0.5% of 12345 → 61", l: level({ mode: "ratio", ratioBp: 50 }), balance: 12345, want: 61 },
    { name: "ratio 100% is the whole balance", l: level({ mode: "ratio", ratioBp: 10_000 }), balance: 12345, want: 12345 },
    { name: "ratio ignores the fixed amount", l: level({ mode: "ratio", ratioBp: 100, amountFen: 5000 }), balance: 12345, want: 123 },
    { name: "ratio too small to reach a fen", l: level({ mode: "ratio", ratioBp: 100 }), balance: 99, want: 0 },
    { name: "off", l: level({ on: false, mode: "fixed", amountFen: 300 }), balance: 1000, want: 0 },
    { name: "off (ratio)", l: level({ on: false, mode: "ratio", ratioBp: 100 }), balance: 12345, want: 0 },
    { name: "zero balance", l: level({ mode: "fixed", amountFen: 300 }), balance: 0, want: 0 },
    { name: "negative balance (never expected)", l: level({ mode: "fixed", amountFen: 300 }), balance: -5, want: 0 },
  ])("$name → $want", ({ l, balance, want }) => {
    expect(referralReleaseFen(l, balance)).toBe(want);
  });
});
