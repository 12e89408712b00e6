import "server-only";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { adPrepayments, advertisers } from "@/db/schema";
import { recordAudit, type Actor } from "../audit/record-audit";
import type { Clock } from "../shared/clock";
import { cleanText } from "../shared/clean-text";
import { DomainError, pgConstraint } from "../shared/errors";
import { assertAmountFen, fenToYuanText } from "../shared/money";
import { postTransfers } from "../ledger";

/** The most one prepayment may record (¥1,000,000): a typo guard. */
export const MAX_PREPAYMENT_FEN = 100_000_000;


/** Creates or renames an advertiser (name, contact); audited. */
export async function saveAdvertiser(tx: DbOrTx, clock: Clock, actor: Actor, input: { id?: string; name: string; contact: string }): Promise<{ id: string }> {
  const values = { name: cleanText(input.name, { min: 1, max: 60 }, "name"), contact: cleanText(input.contact, { min: 0, max: 120 }, "contact"), updatedAt: clock.now() };
  if (!input.id) {
    const [row] = await tx.insert(advertisers).values({ ...values, createdAt: clock.now() }).returning();
    if (!row) throw new DomainError("INTERNAL");
    await recordAudit(tx, clock, actor, { action: "ads.advertiser.create", targetType: "advertiser", targetId: row.id, after: values });
    return { id: row.id };
  }
  const [before] = await tx.select().from(advertisers).where(eq(advertisers.id, input.id)).for("update");
  if (!before) throw new DomainError("NOT_FOUND");
  await tx.update(advertisers).set(values).where(eq(advertisers.id, input.id));
  await recordAudit(tx, clock, actor, { action: "ads.advertiser.update", targetType: "advertiser", targetId: input.id, before: { name: before.name, contact: before.contact }, after: values });
  return { id: input.id };
}

/**
 * Finance records an advertiser's offline transfer: `ad_prepayments` → the advertiser's budget
 * account, keyed by the prepayment id (a double click records once); one bank reference is recorded
 * once per advertiser. Audited.
 */
export async function recordPrepayment(
  tx: DbOrTx,
  clock: Clock,
  actor: Actor,
  input: { prepaymentId: string; advertiserId: string; amountFen: number; reference: string },
): Promise<{ id: string; amountFen: number }> {
  assertAmountFen(input.amountFen, "amountFen");
  if (input.amountFen > MAX_PREPAYMENT_FEN) throw new DomainError("AMOUNT_OUT_OF_RANGE", { field: "amountFen", min: "0.01", max: fenToYuanText(MAX_PREPAYMENT_FEN) });
  const reference = cleanText(input.reference, { min: 2, max: 80 }, "reference");
  const [advertiser] = await tx.select({ id: advertisers.id }).from(advertisers).where(eq(advertisers.id, input.advertiserId));
  if (!advertiser) throw new DomainError("NOT_FOUND");
  const replay = async () => {
    const [same] = await tx.select().from(adPrepayments).where(eq(adPrepayments.id, input.prepaymentId));
    if (!same) return null;
    if (same.advertiserId !== input.advertiserId || same.amountFen !== input.amountFen || same.reference !== reference) throw new DomainError("IDEMPOTENCY_MISMATCH", { key: input.prepaymentId });
    return { id: same.id, amountFen: same.amountFen };
  };
  const earlier = await replay();
  if (earlier) return earlier;
  try {
    await tx.transaction(async (sp) => {
      await sp.insert(adPrepayments).values({ id: input.prepaymentId, advertiserId: input.advertiserId, amountFen: input.amountFen, reference, recordedBy: actor.id, createdAt: clock.now() });
    });
  } catch (e) {
    // A concurrent double click with the same id: the first one recorded it.
    if (pgConstraint(e) === "ad_prepayments_pkey") {
      const first = await replay();
      if (first) return first;
    }
    if (pgConstraint(e) !== "ad_prepayments_reference") throw e;
    const [recorded] = await tx.select({ amountFen: adPrepayments.amountFen }).from(adPrepayments).where(sql`${adPrepayments.advertiserId} = ${input.advertiserId} AND ${adPrepayments.reference} = ${reference}`);
    throw new DomainError("AD_PREPAYMENT_DUPLICATE", { amount: fenToYuanText(recorded?.amountFen ?? 0) });
  }
  const balanceBefore = await advertiserBalance(tx, input.advertiserId);
  await postTransfers(tx, clock, [
    { key: `ads:prepayment:${input.prepaymentId}`, asset: "cash", from: { platform: "ad_prepayments" }, to: { advertiserId: input.advertiserId }, amount: input.amountFen, reason: "ads.prepayment", ref: { type: "ad_prepayment", id: input.prepaymentId } },
  ]);
  await recordAudit(tx, clock, actor, {
    action: "ads.prepayment",
    targetType: "advertiser",
    targetId: input.advertiserId,
    before: { balanceFen: balanceBefore },
    after: { balanceFen: balanceBefore + input.amountFen, prepaymentId: input.prepaymentId, amountFen: input.amountFen, reference },
  });
  return { id: input.prepaymentId, amountFen: input.amountFen };
}

/** An advertiser's remaining prepaid budget (its ledger account's running balance). */
export async function advertiserBalance(tx: DbOrTx, advertiserId: string): Promise<number> {
  const [row] = await tx.execute<{ balance: string }>(sql`SELECT balance FROM ledger_accounts WHERE advertiser_id = ${advertiserId} AND asset = 'cash'`);
  return Number(row?.balance ?? 0);
}
