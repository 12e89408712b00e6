import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { maskPhone } from "../auth/phone";
import { readDrawStatus } from "../groups/read-draw-status";
import { readUserBalances } from "../ledger";
import { DomainError } from "../shared/errors";

interface UplineRow {
  id: string;
  display_name: string;
  referral_code: string;
  phone: string;
}

const upline = (r: UplineRow | null) => (r ? { id: r.id, displayName: r.display_name, referralCode: r.referral_code, phone: maskPhone(r.phone) } : null);

/**
 * One user as the console shows them: profile, freeze (with reason, when and by whom), every balance,
 * the referral tree around them (L1 and L2 upline; how many they brought in directly and indirectly),
 * promoter validity, no-win privileges and how they signed up (a referral link binds L1 at sign-up and
 * nowhere else, so having an L1 means they came through one).
 */
export async function readUserDetail(tx: DbOrTx, userId: string, now: Date) {
  const [row] = await tx.execute<{
    id: string;
    phone: string;
    display_name: string;
    role: string;
    referral_code: string;
    frozen: boolean;
    frozen_reason: string | null;
    frozen_at: string | null;
    frozen_by_name: string | null;
    created_at: string;
    l1: UplineRow | null;
    l2: UplineRow | null;
    downline_l1: string;
    downline_l2: string;
  }>(sql`
    SELECT u.id, u.phone, u.display_name, u.role, u.referral_code, u.frozen, u.frozen_reason, u.frozen_at, fb.display_name AS frozen_by_name, u.created_at,
      (SELECT json_build_object('id', r1.id, 'display_name', r1.display_name, 'referral_code', r1.referral_code, 'phone', r1.phone) FROM users r1 WHERE r1.id = u.referrer_id) AS l1,
      (SELECT json_build_object('id', r2.id, 'display_name', r2.display_name, 'referral_code', r2.referral_code, 'phone', r2.phone)
         FROM users r1 JOIN users r2 ON r2.id = r1.referrer_id WHERE r1.id = u.referrer_id) AS l2,
      (SELECT count(*) FROM users d WHERE d.referrer_id = u.id) AS downline_l1,
      (SELECT count(*) FROM users d JOIN users d2 ON d2.referrer_id = d.id WHERE d.referrer_id = u.id) AS downline_l2
    FROM users u LEFT JOIN users fb ON fb.id = u.frozen_by
    WHERE u.id = ${userId}::uuid`);
  if (!row) throw new DomainError("NOT_FOUND");
  const [balances, draw] = [await readUserBalances(tx, userId), await readDrawStatus(tx, userId, now)];
  const l1 = upline(row.l1);
  return {
    id: row.id,
    phone: maskPhone(row.phone),
    displayName: row.display_name,
    role: row.role,
    referralCode: row.referral_code,
    createdAt: new Date(row.created_at),
    frozen: row.frozen,
    frozenReason: row.frozen_reason,
    frozenAt: row.frozen_at ? new Date(row.frozen_at) : null,
    frozenByName: row.frozen_by_name,
    signUpSource: l1 ? ("referral" as const) : ("direct" as const),
    upline: { l1, l2: upline(row.l2) },
    downline: { l1: Number(row.downline_l1), l2: Number(row.downline_l2) },
    balances,
    promoterValidUntil: draw.promoterValidUntil,
    promoterValid: draw.promoterValid,
    privileges: draw.privileges,
  };
}
