import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { activities, activityItems, groups, products } from "@/db/schema";
import { DomainError } from "../shared/errors";
import { ActivityConfigSchema } from "../shared/activity-config";
import { itemProduct } from "./item-products";

/**
 * One activity as the editor needs it: every setting, its active items with their ids (an id keeps
 * an item through an update) and the catalog product each stands for, and the open group with the
 * settings it snapshotted when it opened.
 */
export async function readAdminActivity(tx: DbOrTx, activityId: string) {
  const [a] = await tx.select().from(activities).where(eq(activities.id, activityId));
  if (!a) throw new DomainError("NOT_FOUND");
  const rows = await tx
    .select({
      id: activityItems.id,
      kind: activityItems.kind,
      name: activityItems.name,
      imageUrl: activityItems.imageUrl,
      productId: activityItems.productId,
      product: { id: products.id, name: products.name, images: products.images, priceFen: products.priceFen, onSale: products.onSale },
    })
    .from(activityItems)
    .leftJoin(products, eq(products.id, activityItems.productId))
    .where(and(eq(activityItems.activityId, activityId), eq(activityItems.active, true)))
    .orderBy(asc(activityItems.position));
  const items = rows.map(({ product, ...item }) => ({ ...item, product: product ? itemProduct(product) : null }));
  const [open] = await tx.select().from(groups).where(and(eq(groups.activityId, activityId), eq(groups.status, "open")));
  const config = ActivityConfigSchema.parse(a.config);
  return {
    id: a.id,
    name: a.name,
    status: a.status,
    priceFen: a.priceFen,
    groupSize: a.groupSize,
    winners: a.winners,
    opensAt: a.opensAt,
    closesAt: a.closesAt,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    config,
    items,
    openGroup: open
      ? {
          id: open.id,
          number: open.number,
          seatsTaken: open.seatsTaken,
          expiresAt: open.expiresAt,
          priceFen: open.priceFen,
          groupSize: open.groupSize,
          winners: open.winners,
          config: ActivityConfigSchema.parse(open.config),
        }
      : null,
  };
}
