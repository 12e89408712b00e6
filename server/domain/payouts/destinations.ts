import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { payoutDestinations, withdrawals } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { DomainError, pgConstraint } from "../shared/errors";
import { readWechatOpenid } from "../users/wechat-openid";
import { maskAccount, maskDestination, validateDestination, type DestinationInput, type MaskedDestination } from "./destination-format";

/** A shopper keeps at most this many destinations. */
export const MAX_DESTINATIONS = 10;

export interface DestinationView extends MaskedDestination {
  id: string;
  isDefault: boolean;
  createdAt: Date;
}

type Row = typeof payoutDestinations.$inferSelect;
const view = (r: Row): DestinationView => ({ id: r.id, isDefault: r.isDefault, createdAt: r.createdAt, ...maskDestination(r) });

/** Statuses in which a withdrawal still needs its destination (its money has not arrived or come back). */
export const OPEN_WITHDRAWAL_STATUSES = ["pending", "processing"] as const;

/** The shopper's destinations, default first, masked: even their owner sees 138****0000. */
export async function listDestinations(tx: DbOrTx, userId: string): Promise<DestinationView[]> {
  const rows = await tx
    .select()
    .from(payoutDestinations)
    .where(and(eq(payoutDestinations.userId, userId), isNull(payoutDestinations.removedAt)))
    .orderBy(sql`${payoutDestinations.isDefault} DESC`, asc(payoutDestinations.createdAt));
  return rows.map(view);
}

/**
 * Saves a destination after checking its format. The first one becomes the default, and so does a
 * new one the shopper asks to be. A WeChat destination is the shopper's own openid, known from their
 * sign-in through WeChat (whatever the form sent), and only while WeChat payouts are on (`wechatAppId`). The shopper's row is locked for the count, so two adds at once
 * cannot pass the limit; the same account twice is refused by a unique index.
 */
export async function addDestination(
  tx: DbOrTx,
  clock: Clock,
  input: { userId: string; makeDefault?: boolean } & DestinationInput,
  options: { wechatAppId: string | null } = { wechatAppId: null },
): Promise<DestinationView> {
  const valid = validateDestination(input.kind === "wechat" ? { ...input, account: await ownOpenid(tx, input.userId, options.wechatAppId) } : input);
  await tx.execute(sql`SELECT 1 FROM users WHERE id = ${input.userId} FOR UPDATE`);
  const live = await tx
    .select({ id: payoutDestinations.id })
    .from(payoutDestinations)
    .where(and(eq(payoutDestinations.userId, input.userId), isNull(payoutDestinations.removedAt)));
  if (live.length >= MAX_DESTINATIONS) throw new DomainError("DESTINATION_LIMIT", { max: MAX_DESTINATIONS });
  const makeDefault = live.length === 0 || input.makeDefault === true;
  if (makeDefault) await clearDefault(tx, input.userId);
  try {
    const [row] = await tx
      .insert(payoutDestinations)
      .values({ userId: input.userId, ...valid, isDefault: makeDefault, createdAt: clock.now() })
      .returning();
    if (!row) throw new DomainError("INTERNAL");
    return view(row);
  } catch (e) {
    if (pgConstraint(e) === "payout_destinations_unique_account") throw new DomainError("DESTINATION_DUPLICATE", { field: "account" });
    throw e;
  }
}

async function clearDefault(tx: DbOrTx, userId: string): Promise<void> {
  await tx
    .update(payoutDestinations)
    .set({ isDefault: false })
    .where(and(eq(payoutDestinations.userId, userId), eq(payoutDestinations.isDefault, true), isNull(payoutDestinations.removedAt)));
}

/** Locks one of the shopper's live destinations; another shopper's, or a removed one, is "not found". */
export async function lockOwnDestination(tx: DbOrTx, userId: string, destinationId: string, mode: "share" | "update"): Promise<Row> {
  const [row] = await tx
    .select()
    .from(payoutDestinations)
    .where(and(eq(payoutDestinations.id, destinationId), eq(payoutDestinations.userId, userId), isNull(payoutDestinations.removedAt)))
    .for(mode);
  if (!row) throw new DomainError("DESTINATION_NOT_FOUND");
  return row;
}

export async function setDefaultDestination(tx: DbOrTx, input: { userId: string; destinationId: string }): Promise<void> {
  await lockOwnDestination(tx, input.userId, input.destinationId, "update");
  await clearDefault(tx, input.userId);
  await tx.update(payoutDestinations).set({ isDefault: true }).where(eq(payoutDestinations.id, input.destinationId));
}

/**
 * Removes a destination (kept for the record: past withdrawals still name it). Refused while a
 * withdrawal to it is pending or being paid: the row lock here and the share lock a withdrawal
 * request takes on it keep a new request from slipping in. Removing the default makes the oldest
 * remaining one the default.
 */
export async function removeDestination(tx: DbOrTx, clock: Clock, input: { userId: string; destinationId: string }): Promise<void> {
  const row = await lockOwnDestination(tx, input.userId, input.destinationId, "update");
  const [open] = await tx
    .select({ id: withdrawals.id })
    .from(withdrawals)
    .where(and(eq(withdrawals.destinationId, row.id), inArray(withdrawals.status, [...OPEN_WITHDRAWAL_STATUSES])))
    .limit(1);
  if (open) throw new DomainError("DESTINATION_IN_USE");
  await tx.update(payoutDestinations).set({ removedAt: clock.now(), isDefault: false }).where(eq(payoutDestinations.id, row.id));
  if (row.isDefault) {
    await tx.execute(sql`
      UPDATE payout_destinations SET is_default = true
      WHERE id = (SELECT id FROM payout_destinations WHERE user_id = ${input.userId} AND removed_at IS NULL ORDER BY created_at, id LIMIT 1)`);
  }
}

/** The shopper's openid under our AppID for a WeChat destination; refused while WeChat payouts are off or before WeChat's sign-in. */
async function ownOpenid(tx: DbOrTx, userId: string, wechatAppId: string | null): Promise<string> {
  if (!wechatAppId) throw new DomainError("DESTINATION_WECHAT_UNAVAILABLE", { field: "kind" });
  const openid = await readWechatOpenid(tx, userId, wechatAppId);
  if (!openid) throw new DomainError("DESTINATION_WECHAT_SIGN_IN", { field: "kind" });
  return openid;
}

export type WechatDestinationStatus = { status: "off" } | { status: "sign_in" } | { status: "ready"; account: string };

/** Whether the add form offers WeChat: off (WeChat payouts not on), sign in first (openid unknown), or ready (the masked openid it would pay). */
export async function wechatDestinationStatus(tx: DbOrTx, userId: string, wechatAppId: string | null): Promise<WechatDestinationStatus> {
  if (!wechatAppId) return { status: "off" };
  const openid = await readWechatOpenid(tx, userId, wechatAppId);
  return openid ? { status: "ready", account: maskAccount("wechat", openid) } : { status: "sign_in" };
}
