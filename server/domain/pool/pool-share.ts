import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { applyRatioBp } from "../shared/money";

/*
 * 分红池 profit share (spec §5): the month's pool is profit × share ratio; each holder gets
 * profit × share ratio × their points / all points, rounded down once; the remainder stays with the
 * platform. The settlement's payouts and the shopper's estimate both take it from here.
 */

/** The month's pool: profit × share ratio, rounded down once. */
export function poolFen(profitFen: number, shareRatioBp: number): number {
  return applyRatioBp(profitFen, shareRatioBp);
}

/**
 * One holder's payout as a SQL expression over SQL operands (a holding, the sum of all holdings, and
 * the month's profit and ratio), exact in numeric and rounded down once; null when no one holds points.
 */
export function poolShareFenSql(profitFen: SQL, shareRatioBp: SQL, points: SQL, totalPoints: SQL): SQL {
  return sql`floor((${profitFen})::numeric * (${shareRatioBp}) * (${points}) / (10000 * NULLIF(${totalPoints}, 0)))::bigint`;
}

/** A holding's share of the pool in basis points, rounded down; 0 when the pool is empty. */
export function holdingShareBp(points: number, totalPoints: number): number {
  return totalPoints > 0 ? Number((BigInt(points) * 10_000n) / BigInt(totalPoints)) : 0;
}
