import "server-only";
import { asc, desc, ilike, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { products } from "@/db/schema";
import { DomainError } from "../shared/errors";
import { escapeLike } from "../shared/like-pattern";

/** The catalog product an item stands for, as the console's editor shows it (its photo, name and catalog price). */
export interface ItemProduct {
  id: string;
  name: string;
  imageUrl: string | null;
  priceFen: number;
  onSale: boolean;
}

export function itemProduct(p: { id: string; name: string; images: string[]; priceFen: number; onSale: boolean }): ItemProduct {
  return { id: p.id, name: p.name, imageUrl: p.images[0] ?? null, priceFen: p.priceFen, onSale: p.onSale };
}

/** The most products one search returns: the picker shows a short list. */
export const ITEM_PRODUCT_SEARCH_MAX = 20;

/**
 * Catalog products whose name contains what the operator typed in the editor's picker, off-sale ones
 * too (marked): the exact name first, then names that start with it, on sale before off sale, newest.
 */
export async function searchItemProducts(tx: DbOrTx, input: { query: string; limit: number }): Promise<ItemProduct[]> {
  const query = input.query.trim();
  if (!query) return [];
  const limit = Math.min(Math.max(1, Math.floor(input.limit)), ITEM_PRODUCT_SEARCH_MAX);
  const name = escapeLike(query);
  const rank = sql<number>`CASE WHEN lower(${products.name}) = lower(${query}) THEN 0 WHEN ${products.name} ILIKE ${`${name}%`} THEN 1 ELSE 2 END`;
  const rows = await tx
    .select({ id: products.id, name: products.name, images: products.images, priceFen: products.priceFen, onSale: products.onSale })
    .from(products)
    .where(ilike(products.name, `%${name}%`))
    .orderBy(asc(rank), desc(products.onSale), desc(products.createdAt), desc(products.id))
    .limit(limit);
  return rows.map(itemProduct);
}

/**
 * The catalog products an activity's items stand for must exist: a W-A prize ships that product and
 * every page shows its photo. An item naming an unknown product is refused at its field
 * (`items.<i>.productId`), in the caller's language, before anything is written. Off-sale products
 * may be prizes (an operator may keep one out of the store for an activity).
 */
export async function checkItemProducts(tx: DbOrTx, items: readonly { productId?: string | null }[]): Promise<void> {
  const ids = [...new Set(items.flatMap((i) => (i.productId ? [i.productId] : [])))];
  if (ids.length === 0) return;
  const found = new Set((await tx.select({ id: products.id }).from(products).where(inArray(products.id, ids))).map((p) => p.id));
  const i = items.findIndex((item) => !!item.productId && !found.has(item.productId));
  if (i >= 0) throw new DomainError("ACTIVITY_PRODUCT_UNKNOWN", { position: i + 1, field: `items.${i}.productId` });
}
