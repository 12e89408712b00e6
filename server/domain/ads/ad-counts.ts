import "server-only";
import { and, count, eq, gt, inArray, max } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { adSets, adViews } from "@/db/schema";

/** Sets a shopper completed on a business day (the daily cap counts these, by the day a set started). */
export async function completedSetsOn(tx: DbOrTx, userId: string, day: string): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(adSets).where(and(eq(adSets.userId, userId), eq(adSets.businessDay, day), eq(adSets.status, "completed")));
  return row?.n ?? 0;
}

/** Sets completed or in progress on one device on a business day, whoever's account ran them. */
export async function deviceSetsOn(tx: DbOrTx, deviceId: string, day: string): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(adSets).where(and(eq(adSets.deviceId, deviceId), eq(adSets.businessDay, day), inArray(adSets.status, ["completed", "watching"])));
  return row?.n ?? 0;
}

/** The next set number of a shopper's day (expired sets keep theirs, so a number is never reused). */
export async function nextSetNo(tx: DbOrTx, userId: string, day: string): Promise<number> {
  const [row] = await tx.select({ n: max(adSets.setNo) }).from(adSets).where(and(eq(adSets.userId, userId), eq(adSets.businessDay, day)));
  return (row?.n ?? 0) + 1;
}

/** View sessions opened from one IP address since `since`. */
export async function viewsFromIpSince(tx: DbOrTx, ip: string, since: Date): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(adViews).where(and(eq(adViews.ip, ip), gt(adViews.openedAt, since)));
  return row?.n ?? 0;
}
