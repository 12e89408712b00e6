import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { activityItems, entries, groups } from "@/db/schema";
import { pgArray } from "@/db/pg-array";
import type { Clock } from "../shared/clock";
import { postTransfers, type TransferInput } from "../ledger";
import { ActivityConfigSchema, type ActivityConfig } from "../activities/activity-config";
import { drawWinners } from "../draw/pinpin-draw-v1";
import { applyOutcomes, evaluateEligibility, type DrawCounters } from "../draw/eligibility";
import { referralReleaseFen, settleDrawnGroup } from "../draw/group-rewards";
import { dissolveGroup } from "./dissolve-group";
import { groupEventsNotify, notificationsInsert, type GroupEvent } from "./notify-group-event";

/** Most full groups of one activity drawn in one transaction. */
const DRAW_BATCH = 16;

/**
 * Draws every full group of an activity, oldest first, up to DRAW_BATCH of them per transaction. An
 * advisory lock per activity keeps draws in the order groups closed (rules 3–5 count in that order),
 * and a full group is never left behind: the draw scheduler, or the stranded-draws job, calls this again.
 * Returns the groups closed (drawn, or dissolved by a conflict under policy `dissolve`).
 */
export async function drawPendingGroups(db: Db, clock: Clock, activityId: string): Promise<string[]> {
  const closed: string[] = [];
  for (;;) {
    const ids = await db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${"draw:" + activityId}, 0))`);
      const full = await tx
        .select()
        .from(groups)
        .where(and(eq(groups.activityId, activityId), eq(groups.status, "full")))
        .orderBy(groups.number)
        .limit(DRAW_BATCH)
        .for("update");
      return full.length === 0 ? [] : drawGroups(tx, clock, full);
    });
    if (ids.length === 0) return closed;
    closed.push(...ids);
  }
}

type Group = typeof groups.$inferSelect;

/**
 * Closes full groups of one activity, in order (spec §2–§3), in the caller's transaction (which holds
 * their locks): fixes each entry's eligibility, derives the winners with pinpin-draw-v1 from each
 * committed seed, and settles the money: winners' payments to revenue and their rewards, losers'
 * refunds and bonuses, referral releases, all with keys derived from entry ids, in one posting. Each
 * group's rules 3–5 see the counters the groups before it left. A group that a conflict dissolves
 * under policy `dissolve` is closed on its own (refunded in full): alone if it comes first, else in
 * the next call, after the groups before it. Returns the groups closed.
 */
export async function drawGroups(tx: DbOrTx, clock: Clock, full: Group[]): Promise<string[]> {
  const activityId = full[0]!.activityId;
  const rows = await tx
    .select({ id: entries.id, groupId: entries.groupId, userId: entries.userId, seat: entries.seat, firstOfDay: entries.firstOfDay, firstEver: entries.firstEver, itemId: entries.itemId, itemKind: activityItems.kind })
    .from(entries)
    .innerJoin(activityItems, eq(activityItems.id, entries.itemId))
    .where(inArray(entries.groupId, full.map((g) => g.id)))
    .orderBy(entries.seat);
  const rowsOf = new Map<string, typeof rows>();
  for (const r of rows) rowsOf.set(r.groupId, [...(rowsOf.get(r.groupId) ?? []), r]);
  const counters = await lockCounters(tx, [...new Set(rows.map((r) => r.userId))], activityId);
  const countersTouched = new Set<string>();

  const drawn: { group: Group; config: ActivityConfig; winners: number[]; outcomes: ((typeof rows)[number] & { won: boolean; wasEligible: boolean; reason: string | null })[] }[] = [];
  for (const group of full) {
    const config = ActivityConfigSchema.parse(group.config);
    const seats = rowsOf.get(group.id) ?? [];
    const { eligibility, counters: after } = evaluateEligibility(config.rules, seats, counters);
    const bySeat = new Map(eligibility.map((e) => [e.seat, e]));
    const result = drawWinners({
      seedHex: group.seedHex,
      groupId: group.id,
      k: group.winners,
      policy: config.conflictPolicy,
      entries: seats.map((r) => ({ seat: r.seat, userId: r.userId, eligible: bySeat.get(r.seat)?.eligible ?? false })),
    });
    if (result.outcome === "dissolved") {
      if (drawn.length > 0) break;
      await recordEntryOutcomes(tx, seats.map((r) => ({ id: r.id, eligible: bySeat.get(r.seat)?.eligible ?? false, reason: bySeat.get(r.seat)?.reason ?? null, outcome: null, dividendPoolFen: null })));
      await dissolveGroup(tx, clock, group, "conflict");
      return [group.id];
    }
    const winners = new Set(result.winners);
    const outcomes = seats.map((r) => ({ ...r, won: winners.has(r.seat), wasEligible: bySeat.get(r.seat)?.eligible ?? false, reason: bySeat.get(r.seat)?.reason ?? null }));
    for (const [userId, c] of applyOutcomes(config.rules, outcomes, after)) {
      counters.set(userId, c);
      countersTouched.add(userId);
    }
    drawn.push({ group, config, winners: result.winners, outcomes });
  }

  const winningUsers = drawn.flatMap((d) => d.outcomes.filter((o) => o.won).map((o) => o.userId));
  const chains = await referrersOf(tx, winningUsers);
  const referrers = [...new Set([...chains.values()].flat())];
  const credit = await lockCreditBalances(tx, [...new Set([...rows.map((r) => r.userId), ...referrers])]);
  const validPromoters = await validPromotersAmong(tx, referrers, clock.now());

  const transfers: TransferInput[] = [];
  const dividendPoolFen = new Map<string, number>();
  const prizeRows: { entryId: string; userId: string; itemId: string; kind: "product" | "voucher"; status: "to_ship" | "credited" }[] = [];
  for (const d of drawn) {
    const settlement = settleDrawnGroup({
      groupId: d.group.id,
      priceFen: d.group.priceFen,
      config: d.config,
      entries: d.outcomes.map((o) => ({ entryId: o.id, userId: o.userId, seat: o.seat, itemKind: o.itemKind, won: o.won })),
      creditBefore: credit,
    });
    moveCredit(credit, settlement.transfers);
    const referral = referralTransfers(d.config, d.outcomes.filter((o) => o.won), chains, validPromoters, credit);
    moveCredit(credit, referral);
    transfers.push(...settlement.transfers, ...referral);
    for (const [entryId, fen] of settlement.dividendPoolFen) dividendPoolFen.set(entryId, fen);
    const byId = new Map(d.outcomes.map((o) => [o.id, o]));
    for (const p of settlement.prizes) {
      const o = byId.get(p.entryId);
      if (o) prizeRows.push({ entryId: p.entryId, userId: o.userId, itemId: o.itemId, kind: p.kind, status: p.kind === "voucher" ? "credited" : "to_ship" });
    }
  }
  await postTransfers(tx, clock, transfers, { callerRollsBack: true }); // a draw is all or nothing

  // Everything else the draw records, in one statement (the sub-statements touch different rows).
  const now = clock.now();
  const all = drawn.flatMap((d) => d.outcomes);
  const touchedCounters = [...countersTouched].map((userId) => ({ userId, ...counters.get(userId)! }));
  const c = <K extends keyof DrawCounters>(k: K) => pgArray(touchedCounters.map((t) => t[k]));
  await tx.execute(sql`
    WITH counters AS (
      INSERT INTO draw_counters (user_id, activity_id, consecutive_wins, streak_block_left, wins_in_period, total_block_left, window_entries, window_wins)
      SELECT u, ${activityId}::uuid, a, b, cc, d, e, f
      FROM unnest(${pgArray(touchedCounters.map((t) => t.userId))}::uuid[], ${c("consecutiveWins")}::int[], ${c("streakBlockLeft")}::int[], ${c("winsInPeriod")}::int[],
                  ${c("totalBlockLeft")}::int[], ${c("windowEntries")}::int[], ${c("windowWins")}::int[]) AS x(u, a, b, cc, d, e, f)
      ORDER BY u
      ON CONFLICT (user_id, activity_id) DO UPDATE SET
        consecutive_wins = excluded.consecutive_wins, streak_block_left = excluded.streak_block_left, wins_in_period = excluded.wins_in_period,
        total_block_left = excluded.total_block_left, window_entries = excluded.window_entries, window_wins = excluded.window_wins
      RETURNING 1),
    outcomes AS (
      UPDATE entries e SET eligible = v.eligible, ineligible_reason = v.reason, outcome = v.outcome, dividend_pool_fen = v.fen
      FROM unnest(${pgArray(all.map((o) => o.id))}::uuid[], ${pgArray(all.map((o) => String(o.wasEligible)))}::boolean[], ${pgArray(all.map((o) => o.reason))}::text[],
                  ${pgArray(all.map((o) => (o.won ? "won" : "lost")))}::text[], ${pgArray(all.map((o) => dividendPoolFen.get(o.id) ?? 0))}::bigint[]) AS v(id, eligible, reason, outcome, fen)
      WHERE e.id = v.id
      RETURNING 1),
    prized AS (
      INSERT INTO prizes (entry_id, user_id, item_id, kind, status, created_at)
      SELECT p.entry_id, p.user_id, p.item_id, p.kind, p.status, ${now.toISOString()}::timestamptz
      FROM unnest(${pgArray(prizeRows.map((p) => p.entryId))}::uuid[], ${pgArray(prizeRows.map((p) => p.userId))}::uuid[], ${pgArray(prizeRows.map((p) => p.itemId))}::uuid[],
                  ${pgArray(prizeRows.map((p) => p.kind))}::text[], ${pgArray(prizeRows.map((p) => p.status))}::text[]) AS p(entry_id, user_id, item_id, kind, status)
      ON CONFLICT DO NOTHING
      RETURNING 1),
    closed AS (
      UPDATE groups g SET status = 'drawn', closed_at = ${now.toISOString()}::timestamptz, winner_seats = w.seats::jsonb, close_reason = 'drawn'
      FROM unnest(${pgArray(drawn.map((d) => d.group.id))}::uuid[], ${pgArray(drawn.map((d) => JSON.stringify(d.winners)))}::text[]) AS w(id, seats)
      WHERE g.id = w.id
      RETURNING 1),
    noticed AS (
      ${notificationsInsert(drawn.flatMap((d) => d.outcomes.map((o) => ({ userId: o.userId, kind: "group.drawn", refId: `${d.group.id}:${o.seat}`, payload: { groupId: d.group.id, seat: o.seat, won: o.won } }))), now)}
      RETURNING 1)
    ${groupEventsNotify(drawn.map((d): GroupEvent => ({ type: "drawn", activityId, groupId: d.group.id })))}`);
  return drawn.map((d) => d.group.id);
}

/** Eligibility (fixed at close), outcome and W-E pool share of many entries in one statement; null leaves a column as it is. */
async function recordEntryOutcomes(
  tx: DbOrTx,
  rows: { id: string; eligible: boolean; reason: string | null; outcome: "won" | "lost" | null; dividendPoolFen: number | null }[],
): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(sql`
    UPDATE entries e SET eligible = v.eligible, ineligible_reason = v.reason,
           outcome = COALESCE(v.outcome, e.outcome), dividend_pool_fen = COALESCE(v.fen, e.dividend_pool_fen)
    FROM unnest(${pgArray(rows.map((r) => r.id))}::uuid[], ${pgArray(rows.map((r) => String(r.eligible)))}::boolean[], ${pgArray(rows.map((r) => r.reason))}::text[],
                ${pgArray(rows.map((r) => r.outcome))}::text[], ${pgArray(rows.map((r) => r.dividendPoolFen))}::bigint[]) AS v(id, eligible, reason, outcome, fen)
    WHERE e.id = v.id`);
}

/** Applies credit transfers to a running map of users' credit balances. */
function moveCredit(credit: Map<string, number>, transfers: TransferInput[]): void {
  for (const t of transfers) {
    if (t.asset !== "credit") continue;
    if ("userId" in t.from) credit.set(t.from.userId, (credit.get(t.from.userId) ?? 0) - t.amount);
    if ("userId" in t.to) credit.set(t.to.userId, (credit.get(t.to.userId) ?? 0) + t.amount);
  }
}

async function lockCounters(tx: DbOrTx, userIds: string[], activityId: string): Promise<Map<string, DrawCounters>> {
  const rows = await tx.execute<{ user_id: string } & Record<string, number>>(sql`
    SELECT user_id, consecutive_wins, streak_block_left, wins_in_period, total_block_left, window_entries, window_wins
    FROM draw_counters WHERE activity_id = ${activityId} AND user_id = ANY(${pgArray(userIds)}::uuid[]) ORDER BY user_id FOR UPDATE`);
  return new Map(
    rows.map((r) => [
      r.user_id,
      { consecutiveWins: Number(r.consecutive_wins), streakBlockLeft: Number(r.streak_block_left), winsInPeriod: Number(r.wins_in_period), totalBlockLeft: Number(r.total_block_left), windowEntries: Number(r.window_entries), windowWins: Number(r.window_wins) },
    ]),
  );
}

/** Credit balances of these users, locked in id order so the releases computed from them stay true. */
async function lockCreditBalances(tx: DbOrTx, userIds: string[]): Promise<Map<string, number>> {
  const rows = await tx.execute<{ user_id: string; balance: string }>(sql`
    SELECT user_id, balance FROM ledger_accounts WHERE asset = 'credit' AND user_id = ANY(${pgArray([...new Set(userIds)])}::uuid[]) ORDER BY id FOR NO KEY UPDATE`);
  return new Map(rows.map((r) => [r.user_id, Number(r.balance)]));
}

/** [L1, L2?] of each user: never deeper than two levels (spec §2: deeper chains are illegal MLM). */
async function referrersOf(tx: DbOrTx, userIds: string[]): Promise<Map<string, string[]>> {
  if (userIds.length === 0) return new Map();
  const rows = await tx.execute<{ id: string; l1: string | null; l2: string | null }>(sql`
    SELECT u.id, u.referrer_id AS l1, r.referrer_id AS l2
    FROM users u LEFT JOIN users r ON r.id = u.referrer_id WHERE u.id = ANY(${pgArray([...new Set(userIds)])}::uuid[])`);
  return new Map(rows.map((r) => [r.id, [r.l1, r.l2].filter((x): x is string => !!x)]));
}

async function validPromotersAmong(tx: DbOrTx, userIds: string[], now: Date): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await tx.execute<{ user_id: string }>(
    sql`SELECT user_id FROM promoter_status WHERE user_id = ANY(${pgArray(userIds)}::uuid[]) AND valid_until > ${now.toISOString()}::timestamptz`,
  );
  return new Set(rows.map((r) => r.user_id));
}

/**
 * 动态释放二: for each winning entry, its user's L1 and L2, if valid promoters now, release credit
 * (fixed or a ratio of their balance), never more than what they hold after this group's releases.
 * `credit` is the running balance map; it is not changed here.
 */
function referralTransfers(
  config: ActivityConfig,
  winners: { id: string; userId: string }[],
  chains: ReadonlyMap<string, string[]>,
  valid: ReadonlySet<string>,
  credit: ReadonlyMap<string, number>,
): TransferInput[] {
  const left = new Map(credit);
  const out: TransferInput[] = [];
  for (const w of winners) {
    (chains.get(w.userId) ?? []).slice(0, 2).forEach((referrerId, level) => {
      if (!valid.has(referrerId)) return;
      const code = level === 0 ? "R-L1" : "R-L2";
      const amount = referralReleaseFen(level === 0 ? config.referral.L1 : config.referral.L2, left.get(referrerId) ?? 0);
      if (amount <= 0) return;
      left.set(referrerId, (left.get(referrerId) ?? 0) - amount);
      const ref = { type: "entry", id: w.id };
      out.push(
        { key: `entry:${w.id}:${code}.credit`, asset: "credit", from: { userId: referrerId }, to: { platform: "credit_issued" }, amount, reason: `draw.${code}.credit`, ref },
        { key: `entry:${w.id}:${code}.cash`, asset: "cash", from: { platform: "rewards_expense" }, to: { userId: referrerId }, amount, reason: `draw.${code}.cash`, ref },
      );
    });
  }
  return out;
}

/** Backstop for a draw that did not run after its fill commit (crash, lost request): draws every full group. */
export async function drawStrandedGroups(db: Db, clock: Clock): Promise<number> {
  const rows = await db.execute<{ activity_id: string }>(sql`SELECT DISTINCT activity_id FROM groups WHERE status = 'full'`);
  let drawn = 0;
  for (const r of rows) drawn += (await drawPendingGroups(db, clock, r.activity_id)).length;
  return drawn;
}
