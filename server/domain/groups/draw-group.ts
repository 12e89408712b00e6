import "server-only";
import { sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { groups, type Asset } from "@/db/schema";
import { pgArray } from "@/db/pg-array";
import { pipeline } from "@/db/pipeline";
import { PREFER_INDEX_PROBES } from "../shared/index-probes";
import type { Clock } from "../shared/clock";
import { accountRefKey, PLATFORM_ACCOUNTS, postTransfers, type PlatformAccount, type TransferInput } from "../ledger";
import { ActivityConfigSchema, type ActivityConfig } from "../shared/activity-config";
import { drawWinners } from "../draw/pinpin-draw-v1";
import { applyOutcomes, evaluateEligibility, type DrawCounters } from "../draw/eligibility";
import { settleDrawnGroup } from "../draw/group-rewards";
import { referralTransfers } from "../draw/referral-release";
import { dissolveGroup } from "./dissolve-group";
import { groupEventsNotify, notificationsInsert, type GroupEvent } from "./notify-group-event";

/** Most full groups of one activity drawn in one transaction. */
const DRAW_BATCH = 64;

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
      const batch = await readDrawBatch(tx, activityId, clock.now());
      return batch.full.length === 0 ? [] : drawGroups(tx, clock, batch);
    });
    if (ids.length === 0) return closed;
    closed.push(...ids);
  }
}

/** A full group as the draw needs it. */
export type FullGroup = Pick<typeof groups.$inferSelect, "id" | "activityId" | "number" | "seedHex" | "priceFen" | "winners" | "config">;
type EntryRow = { id: string; groupId: string; userId: string; seat: number; firstOfDay: boolean; firstEver: boolean; itemId: string; itemKind: "product" | "voucher" };

/** Everything a draw transaction reads, taken under its locks (readDrawBatch). */
export interface DrawBatch {
  /** The full groups to draw, oldest first, row-locked. */
  full: FullGroup[];
  /** Their entries, by seat. */
  rows: EntryRow[];
  /** Rules 3–5 counters of their shoppers in this activity, row-locked. */
  counters: Map<string, DrawCounters>;
  /** [L1, L2?] of each of their shoppers: never deeper than two levels (spec §2: deeper chains are illegal MLM). */
  chains: Map<string, string[]>;
  /** Credit balances of the shoppers and their referrers, row-locked in id order, so the releases computed from them stay true. */
  credit: Map<string, number>;
  /** The referrers who are valid promoters now. */
  validPromoters: Set<string>;
  /** Ledger account ids of the shoppers, their referrers and the platform (the posting looks up none of these). */
  accounts: Map<string, number>;
}

/**
 * The draw lock of the activity and, under it, everything the draw of its oldest full groups reads,
 * in one round trip (the statements run in order on the server, each after the ones before). A group
 * that fills between two of these statements may show up in the later ones' rows: only the groups
 * the second statement locked are drawn.
 */
export async function readDrawBatch(tx: DbOrTx, activityId: string, now: Date): Promise<DrawBatch> {
  // The sets every statement works on, as arrays computed once per statement (InitPlans), so each
  // lookup is an index scan on `= ANY(array)` whatever the table statistics say.
  const full = sql`ARRAY(SELECT id FROM groups WHERE activity_id = ${activityId} AND status = 'full' ORDER BY number LIMIT ${DRAW_BATCH})`;
  const entrants = sql`ARRAY(SELECT DISTINCT e.user_id FROM entries e WHERE e.group_id = ANY(${full}))`;
  const withReferrers = sql`ARRAY(
    SELECT x FROM users u LEFT JOIN users r ON r.id = u.referrer_id, LATERAL (VALUES (u.id), (u.referrer_id), (r.referrer_id)) AS v(x)
    WHERE u.id = ANY(${entrants}) AND x IS NOT NULL)`;
  const [, , groupRows, entryRows, counterRows, chainRows, creditRows, promoterRows, accountRows] = await pipeline(tx, [
    PREFER_INDEX_PROBES, // every statement of the draw works on a small keyed set
    sql`SELECT pg_advisory_xact_lock(hashtextextended(${"draw:" + activityId}, 0))`,
    sql`SELECT id, activity_id, number, seed_hex, price_fen, winners, config FROM groups WHERE activity_id = ${activityId} AND status = 'full' ORDER BY number LIMIT ${DRAW_BATCH} FOR UPDATE`,
    sql`SELECT e.id, e.group_id, e.user_id, e.seat, e.first_of_day, e.first_ever, e.item_id, i.kind AS item_kind
        FROM entries e JOIN activity_items i ON i.id = e.item_id WHERE e.group_id = ANY(${full}) ORDER BY e.seat`,
    sql`SELECT user_id, consecutive_wins, streak_block_left, wins_in_period, total_block_left, window_entries, window_wins
        FROM draw_counters WHERE activity_id = ${activityId} AND user_id = ANY(${entrants}) ORDER BY user_id FOR UPDATE`,
    sql`SELECT u.id, u.referrer_id AS l1, r.referrer_id AS l2 FROM users u LEFT JOIN users r ON r.id = u.referrer_id WHERE u.id = ANY(${entrants})`,
    sql`SELECT user_id, balance FROM ledger_accounts WHERE asset = 'credit' AND user_id = ANY(${withReferrers}) ORDER BY id FOR NO KEY UPDATE`,
    // Entrants are in the set too: a valid promoter is only ever asked about as someone's referrer.
    sql`SELECT user_id FROM promoter_status WHERE user_id = ANY(${withReferrers}) AND valid_until > ${now.toISOString()}::timestamptz`,
    // Thousands of rows: one JSON value (parsed natively) rather than a row each.
    sql`SELECT json_agg(json_build_array(id, asset, user_id, platform_name)) AS accounts FROM (
          SELECT id, asset, user_id, platform_name FROM ledger_accounts WHERE user_id = ANY(${withReferrers})
          UNION ALL SELECT id, asset, user_id, platform_name FROM ledger_accounts WHERE platform_name = ANY(${pgArray(PLATFORM_ACCOUNTS)}::text[])) a`,
  ]);
  type R = Record<string, unknown>;
  const groupsDrawn = (groupRows as R[]).map((g) => ({
    id: g.id as string,
    activityId: g.activity_id as string,
    number: Number(g.number),
    seedHex: g.seed_hex as string,
    priceFen: Number(g.price_fen),
    winners: Number(g.winners),
    config: g.config,
  }));
  const locked = new Set(groupsDrawn.map((g) => g.id));
  const num = (v: unknown) => Number(v);
  return {
    full: groupsDrawn,
    rows: (entryRows as R[])
      .filter((e) => locked.has(e.group_id as string))
      .map((e) => ({ id: e.id as string, groupId: e.group_id as string, userId: e.user_id as string, seat: num(e.seat), firstOfDay: e.first_of_day as boolean, firstEver: e.first_ever as boolean, itemId: e.item_id as string, itemKind: e.item_kind as "product" | "voucher" })),
    counters: new Map(
      (counterRows as R[]).map((r) => [
        r.user_id as string,
        { consecutiveWins: num(r.consecutive_wins), streakBlockLeft: num(r.streak_block_left), winsInPeriod: num(r.wins_in_period), totalBlockLeft: num(r.total_block_left), windowEntries: num(r.window_entries), windowWins: num(r.window_wins) },
      ]),
    ),
    chains: new Map((chainRows as R[]).map((r) => [r.id as string, [r.l1, r.l2].filter((x): x is string => typeof x === "string")])),
    credit: new Map((creditRows as R[]).map((r) => [r.user_id as string, num(r.balance)])),
    validPromoters: new Set((promoterRows as R[]).map((r) => r.user_id as string)),
    accounts: new Map(
      (((accountRows as R[])[0]?.accounts ?? []) as ([number, Asset, string, null] | [number, Asset, null, PlatformAccount])[]).map(([id, asset, userId, platform]) => [
        accountRefKey(asset, userId !== null ? { userId } : { platform }),
        id,
      ]),
    ),
  };
}

/**
 * Closes full groups of one activity, in order (spec §2–§3), in the caller's transaction (which holds
 * their locks): fixes each entry's eligibility, derives the winners with pinpin-draw-v1 from each
 * committed seed, and settles the money: winners' payments to revenue and their rewards, losers'
 * refunds and bonuses, referral releases, all with keys derived from entry ids, in one posting. Each
 * group's rules 3–5 see the counters the groups before it left. A group that a conflict dissolves
 * under policy `dissolve` is closed on its own (refunded in full): alone if it comes first, else in
 * the next call, after the groups before it. Returns the groups closed.
 */
export async function drawGroups(tx: DbOrTx, clock: Clock, batch: DrawBatch): Promise<string[]> {
  const { full, rows, counters, chains, credit, validPromoters } = batch;
  const activityId = full[0]?.activityId;
  if (!activityId) return [];
  const rowsOf = new Map<string, EntryRow[]>();
  for (const r of rows) rowsOf.set(r.groupId, [...(rowsOf.get(r.groupId) ?? []), r]);
  const countersTouched = new Set<string>();

  const drawn: { group: FullGroup; config: ActivityConfig; winners: number[]; outcomes: (EntryRow & { won: boolean; wasEligible: boolean; reason: string | null })[] }[] = [];
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
  // The money, and everything else the draw records in one statement (the sub-statements touch
  // different rows), go out together. A draw is all or nothing: the posting fails the transaction.
  const now = clock.now();
  const all = drawn.flatMap((d) => d.outcomes);
  const touchedCounters = [...countersTouched].flatMap((userId) => {
    const c = counters.get(userId);
    return c ? [{ userId, ...c }] : [];
  });
  const c = <K extends keyof DrawCounters>(k: K) => pgArray(touchedCounters.map((t) => t[k]));
  const posted = postTransfers(tx, clock, transfers, { callerRollsBack: true, knownAccounts: batch.accounts });
  const recorded = tx.execute(sql`
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
  await Promise.all([posted, recorded]);
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

/** Backstop for a draw that did not run after its fill commit (crash, lost request): draws every full group. */
export async function drawStrandedGroups(db: Db, clock: Clock): Promise<number> {
  const rows = await db.execute<{ activity_id: string }>(sql`SELECT DISTINCT activity_id FROM groups WHERE status = 'full'`);
  let drawn = 0;
  for (const r of rows) drawn += (await drawPendingGroups(db, clock, r.activity_id)).length;
  return drawn;
}
