import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { wechatOpenids } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";

const OPENID = /^[A-Za-z0-9_-]{6,64}$/;

/** Records the openid WeChat gave for this shopper under `appId` (the latest sign-in wins). */
export async function saveWechatOpenid(tx: DbOrTx, clock: Clock, input: { userId: string; appId: string; openid: string }): Promise<void> {
  if (!OPENID.test(input.openid) || !input.appId) throw new DomainError("BAD_INPUT", { field: "openid" });
  const now = clock.now();
  await tx
    .insert(wechatOpenids)
    .values({ userId: input.userId, appId: input.appId, openid: input.openid, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: [wechatOpenids.userId, wechatOpenids.appId], set: { openid: input.openid, updatedAt: sql`excluded.updated_at` } });
}

/** The shopper's openid under `appId`, or null until they have opened the shop in WeChat's browser. */
export async function readWechatOpenid(db: DbOrTx, userId: string, appId: string): Promise<string | null> {
  const [row] = await db.select({ openid: wechatOpenids.openid }).from(wechatOpenids).where(and(eq(wechatOpenids.userId, userId), eq(wechatOpenids.appId, appId)));
  return row?.openid ?? null;
}
