import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { activities, activityItems } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";
import { recordAudit, type Actor } from "../audit/record-audit";
import { lockActivitySeats } from "../shared/seat-locks";
import { ActivityInputSchema, type ActivityInput } from "../shared/activity-config";
import { checkItemProducts } from "./item-products";

/** Item ids ride along with the items (ActivityInputSchema drops unknown keys): an id keeps an existing item. */
const ItemIdsSchema = z.object({ items: z.array(z.object({ id: z.string().uuid().nullish() })) });

export interface UpdateActivityInput {
  activityId: string;
  /** The whole activity as the editor has it, validated like a new one (ActivityInputSchema). */
  activity: unknown;
}

function invalid(error: z.ZodError): DomainError {
  const first = error.issues[0];
  return new DomainError("INVALID_ACTIVITY", { detail: first ? `${first.path.join(".")}: ${first.message}` : "?" });
}

/**
 * Changes an activity's settings (name, price, N, K, schedule, items, rewards, rules). The open
 * group keeps the settings it snapshotted when it opened (spec §3); the change applies from the
 * next group. Items are never edited in place — an entry's item decides its prize when its group is
 * drawn — so a changed item becomes a new row and the old one is retired (`active = false`).
 */
export async function updateActivity(tx: DbOrTx, clock: Clock, actor: Actor, input: UpdateActivityInput): Promise<{ id: string }> {
  const parsed = ActivityInputSchema.safeParse(input.activity);
  if (!parsed.success) throw invalid(parsed.error);
  const ids = ItemIdsSchema.safeParse(input.activity);
  if (!ids.success) throw invalid(ids.error);
  const next = parsed.data;
  await checkItemProducts(tx, next.items);

  // The seat queue first (the lock joins and the timeout job take), then the row, in the order
  // they take them, so an update waits for a join in progress instead of deadlocking with it.
  await lockActivitySeats(tx, input.activityId);
  const [current] = await tx.execute<{ id: string }>(sql`SELECT id FROM activities WHERE id = ${input.activityId} FOR UPDATE`);
  if (!current) throw new DomainError("NOT_FOUND");
  const before = await readEditable(tx, input.activityId);
  if (before.status === "ended") throw new DomainError("ACTIVITY_ENDED");

  const now = clock.now();
  await tx
    .update(activities)
    .set({ name: next.name, priceFen: next.priceFen, groupSize: next.groupSize, winners: next.winners, opensAt: next.opensAt, closesAt: next.closesAt ?? null, config: next.config, updatedAt: now })
    .where(eq(activities.id, input.activityId));

  const existing = new Map(before.items.map((i) => [i.id, i]));
  const kept = new Set<string>();
  for (const [position, item] of next.items.entries()) {
    const id = ids.data.items[position]?.id ?? null;
    const old = id ? existing.get(id) : undefined;
    if (id && !old) throw new DomainError("INVALID_ACTIVITY", { detail: `items.${position}.id: UNKNOWN_ITEM` });
    if (old && !kept.has(old.id) && sameItem(old, item)) {
      kept.add(old.id);
      if (old.position !== position) await tx.update(activityItems).set({ position }).where(eq(activityItems.id, old.id));
      continue;
    }
    await tx.insert(activityItems).values({ activityId: input.activityId, kind: item.kind, name: item.name, imageUrl: item.imageUrl ?? null, productId: item.productId ?? null, position });
  }
  for (const old of before.items) {
    if (!kept.has(old.id)) await tx.update(activityItems).set({ active: false }).where(eq(activityItems.id, old.id));
  }

  const after = await readEditable(tx, input.activityId);
  await recordAudit(tx, clock, actor, { action: "activity.update", targetType: "activity", targetId: input.activityId, before: auditView(before), after: auditView(after) });
  return { id: input.activityId };
}

type Item = ActivityInput["items"][number];
const sameItem = (a: { kind: string; name: string; imageUrl: string | null; productId: string | null }, b: Item) =>
  a.kind === b.kind && a.name === b.name && a.imageUrl === (b.imageUrl ?? null) && a.productId === (b.productId ?? null);

async function readEditable(tx: DbOrTx, activityId: string) {
  const [a] = await tx.select().from(activities).where(eq(activities.id, activityId));
  if (!a) throw new DomainError("NOT_FOUND");
  const items = await tx
    .select({ id: activityItems.id, kind: activityItems.kind, name: activityItems.name, imageUrl: activityItems.imageUrl, productId: activityItems.productId, position: activityItems.position })
    .from(activityItems)
    .where(and(eq(activityItems.activityId, activityId), eq(activityItems.active, true)))
    .orderBy(asc(activityItems.position));
  return { ...a, items };
}

/** What the audit log keeps of an activity: every setting, not the bookkeeping columns. */
function auditView(a: Awaited<ReturnType<typeof readEditable>>) {
  return {
    name: a.name,
    priceFen: a.priceFen,
    groupSize: a.groupSize,
    winners: a.winners,
    opensAt: a.opensAt.toISOString(),
    closesAt: a.closesAt?.toISOString() ?? null,
    items: a.items.map((i) => ({ id: i.id, kind: i.kind, name: i.name, productId: i.productId })),
    config: a.config,
  };
}
