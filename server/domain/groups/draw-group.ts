import { eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { activityItems, drawCounters, entries, groups, prizes } from "@/db/schema";
import { pgArray } from "@/db/pg-array";
import type { Clock } from "../shared/clock";
import { postTransfers, type TransferInput } from "../ledger";
import { ActivityConfigSchema, type ActivityConfig } from "../activities/activity-config";
import { drawWinners } from "../draw/pinpin-draw-v1";
import { applyOutcomes, evaluateEligibility, ZERO_COUNTERS, type DrawCounters } from "../draw/eligibility";
import { referralReleaseFen, settleDrawnGroup } from "../draw/group-rewards";
import { dissolveGroup } from "./dissolve-group";
import { notifyUsers, publishGroupEvent } from "./notify-group-event";

/**
 * Draws every full group of an activity, oldest first, each in its own transaction. An advisory
 * lock per activity keeps draws in the order groups closed (rules 3–5 count in that order), and a
 * full group is never left behind: the next join or the timeout job calls this again.
 */
export async function drawPendingGroups(db: Db, clock: Clock, activityId: string): Promise<string[]> {
  const drawn: string[] = [];
  for (;;) {
    const groupId = await db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${"draw:" + activityId}, 0))`);
      const [next] = await tx.execute<{ id: string }>(
        sql`SELECT id FROM groups WHERE activity_id = ${activityId} AND status = 'full' ORDER BY number LIMIT 1 FOR UPDATE`,
      );
      if (!next) return null;
      await drawGroup(tx, clock, next.id);
      return next.id;
    });
    if (!groupId) return drawn;
    drawn.push(groupId);
  }
}

/**
 * Closes one full group (spec §2–§3): fixes each entry's eligibility, derives the winners with
 * pinpin-draw-v1 from the committed seed, and settles the money: winners' payments to revenue and
 * their rewards, losers' refunds and bonuses, referral releases, all with keys derived from entry
 * ids. A conflict under policy `dissolve` refunds everyone instead. The caller holds the group lock.
 */
export async function drawGroup(tx: DbOrTx, clock: Clock, groupId: string): Promise<void> {
  const [group] = await tx.select().from(groups).where(eq(groups.id, groupId));
  if (!group || group.status !== "full") return;
  const config = ActivityConfigSchema.parse(group.config);
  const rows = await tx
    .select({ id: entries.id, userId: entries.userId, seat: entries.seat, firstOfDay: entries.firstOfDay, firstEver: entries.firstEver, businessDay: entries.businessDay, itemId: entries.itemId, itemKind: activityItems.kind })
    .from(entries)
    .innerJoin(activityItems, eq(activityItems.id, entries.itemId))
    .where(eq(entries.groupId, groupId))
    .orderBy(entries.seat);
  const userIds = [...new Set(rows.map((r) => r.userId))];

  const before = await lockCounters(tx, userIds, group.activityId);
  const { eligibility, counters } = evaluateEligibility(config.rules, rows, before);
  const eligibleBySeat = new Map(eligibility.map((e) => [e.seat, e]));
  const result = drawWinners({
    seedHex: group.seedHex,
    groupId,
    k: group.winners,
    policy: config.conflictPolicy,
    entries: rows.map((r) => ({ seat: r.seat, userId: r.userId, eligible: eligibleBySeat.get(r.seat)?.eligible ?? false })),
  });

  await recordEligibility(tx, groupId, eligibility);
  if (result.outcome === "dissolved") {
    await dissolveGroup(tx, clock, group, "conflict");
    return;
  }

  const winners = new Set(result.winners);
  const outcomes = rows.map((r) => ({ ...r, won: winners.has(r.seat), wasEligible: eligibleBySeat.get(r.seat)?.eligible ?? false }));
  await saveCounters(tx, group.activityId, applyOutcomes(config.rules, outcomes, counters));

  const credit = await lockCreditBalances(tx, [...userIds, ...(await referrersOf(tx, outcomes.filter((o) => o.won).map((o) => o.userId))).flat()]);
  const settlement = settleDrawnGroup({ groupId, priceFen: group.priceFen, config, entries: outcomes.map((o) => ({ entryId: o.id, userId: o.userId, seat: o.seat, itemKind: o.itemKind, won: o.won })), creditBefore: credit });
  const referral = await referralTransfers(tx, clock, config, outcomes.filter((o) => o.won), credit, settlement.transfers);
  await postTransfers(tx, clock, [...settlement.transfers, ...referral]);

  await tx.execute(sql`
    UPDATE entries SET outcome = CASE WHEN seat = ANY(${pgArray(result.winners)}::int[]) THEN 'won' ELSE 'lost' END
    WHERE group_id = ${groupId}`);
  await tx.execute(sql`
    UPDATE entries e SET dividend_pool_fen = d.fen
    FROM unnest(${pgArray([...settlement.dividendPoolFen.keys()])}::uuid[], ${pgArray([...settlement.dividendPoolFen.values()])}::bigint[]) AS d(id, fen)
    WHERE e.id = d.id`);
  if (settlement.prizes.length > 0) {
    const byId = new Map(outcomes.map((o) => [o.id, o]));
    const values = settlement.prizes.flatMap((p) => {
      const o = byId.get(p.entryId);
      return o ? [{ entryId: p.entryId, userId: o.userId, itemId: o.itemId, kind: p.kind, status: p.kind === "voucher" ? ("credited" as const) : ("to_ship" as const), createdAt: clock.now() }] : [];
    });
    await tx.insert(prizes).values(values).onConflictDoNothing();
  }
  await tx.update(groups).set({ status: "drawn", closedAt: clock.now(), winnerSeats: result.winners, closeReason: "drawn" }).where(eq(groups.id, groupId));
  await notifyUsers(tx, clock, outcomes.map((o) => ({ userId: o.userId, kind: "group.drawn", refId: `${groupId}:${o.seat}`, payload: { groupId, seat: o.seat, won: o.won } })));
  await publishGroupEvent(tx, { type: "drawn", activityId: group.activityId, groupId });
}

async function recordEligibility(tx: DbOrTx, groupId: string, eligibility: { seat: number; eligible: boolean; reason: string | null }[]): Promise<void> {
  await tx.execute(sql`
    UPDATE entries e SET eligible = v.eligible, ineligible_reason = v.reason
    FROM unnest(${pgArray(eligibility.map((e) => e.seat))}::int[], ${pgArray(eligibility.map((e) => String(e.eligible)))}::boolean[], ${pgArray(eligibility.map((e) => e.reason))}::text[]) AS v(seat, eligible, reason)
    WHERE e.group_id = ${groupId} AND e.seat = v.seat`);
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

async function saveCounters(tx: DbOrTx, activityId: string, counters: Map<string, DrawCounters>): Promise<void> {
  const list = [...counters.entries()].map(([userId, c]) => ({ userId, activityId, ...ZERO_COUNTERS, ...c }));
  if (list.length === 0) return;
  await tx
    .insert(drawCounters)
    .values(list)
    .onConflictDoUpdate({
      target: [drawCounters.userId, drawCounters.activityId],
      set: {
        consecutiveWins: sql`excluded.consecutive_wins`,
        streakBlockLeft: sql`excluded.streak_block_left`,
        winsInPeriod: sql`excluded.wins_in_period`,
        totalBlockLeft: sql`excluded.total_block_left`,
        windowEntries: sql`excluded.window_entries`,
        windowWins: sql`excluded.window_wins`,
      },
    });
}

/** Credit balances of these users, locked in id order so the releases computed from them stay true. */
async function lockCreditBalances(tx: DbOrTx, userIds: string[]): Promise<Map<string, number>> {
  const rows = await tx.execute<{ user_id: string; balance: string }>(sql`
    SELECT user_id, balance FROM ledger_accounts WHERE asset = 'credit' AND user_id = ANY(${pgArray([...new Set(userIds)])}::uuid[]) ORDER BY id FOR NO KEY UPDATE`);
  return new Map(rows.map((r) => [r.user_id, Number(r.balance)]));
}

/** [L1, L2?] for each user: never deeper than two levels (spec §2: deeper chains are illegal MLM). */
async function referrersOf(tx: DbOrTx, userIds: string[]): Promise<string[][]> {
  if (userIds.length === 0) return [];
  const rows = await tx.execute<{ id: string; l1: string | null; l2: string | null }>(sql`
    SELECT u.id, u.referrer_id AS l1, r.referrer_id AS l2
    FROM users u LEFT JOIN users r ON r.id = u.referrer_id WHERE u.id = ANY(${pgArray(userIds)}::uuid[])`);
  const byId = new Map(rows.map((r) => [r.id, [r.l1, r.l2].filter((x): x is string => !!x)]));
  return userIds.map((id) => byId.get(id) ?? []);
}

/**
 * 动态释放二: for each winning entry, its user's L1 and L2, if valid promoters now, release credit
 * (fixed or a ratio of their balance), never more than what they hold after this group's releases.
 */
async function referralTransfers(
  tx: DbOrTx,
  clock: Clock,
  config: ActivityConfig,
  winners: { id: string; userId: string }[],
  creditBefore: Map<string, number>,
  groupTransfers: TransferInput[],
): Promise<TransferInput[]> {
  if (winners.length === 0) return [];
  const chains = await referrersOf(tx, winners.map((w) => w.userId));
  const referrerIds = [...new Set(chains.flat())];
  if (referrerIds.length === 0) return [];
  const valid = new Set(
    (await tx.execute<{ user_id: string }>(sql`SELECT user_id FROM promoter_status WHERE user_id = ANY(${pgArray(referrerIds)}::uuid[]) AND valid_until > ${clock.now().toISOString()}::timestamptz`)).map((r) => r.user_id),
  );
  const left = new Map(creditBefore);
  for (const t of groupTransfers) {
    if (t.asset !== "credit") continue;
    if ("userId" in t.from) left.set(t.from.userId, (left.get(t.from.userId) ?? 0) - t.amount);
    if ("userId" in t.to) left.set(t.to.userId, (left.get(t.to.userId) ?? 0) + t.amount);
  }
  const out: TransferInput[] = [];
  winners.forEach((w, i) => {
    (chains[i] ?? []).slice(0, 2).forEach((referrerId, level) => {
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
  });
  return out;
}


/** Backstop for a draw that did not run after its fill commit (crash, lost request): draws every full group. */
export async function drawStrandedGroups(db: Db, clock: Clock): Promise<number> {
  const rows = await db.execute<{ activity_id: string }>(sql`SELECT DISTINCT activity_id FROM groups WHERE status = 'full'`);
  let drawn = 0;
  for (const r of rows) drawn += (await drawPendingGroups(db, clock, r.activity_id)).length;
  return drawn;
}
