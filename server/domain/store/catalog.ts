import "server-only";
import { and, asc, desc, eq, ilike, inArray, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { mallItems, productCategories, products } from "@/db/schema";
import { DomainError } from "../shared/errors";
import { cursorBefore, keysetPage } from "../shared/keyset-cursor";
import { escapeLike } from "../shared/like-pattern";

/** Categories in display order (shoppers see the active ones). */
export function listCategories(tx: DbOrTx, opts: { all?: boolean } = {}) {
  return tx
    .select()
    .from(productCategories)
    .where(opts.all ? undefined : eq(productCategories.active, true))
    .orderBy(asc(productCategories.position), asc(productCategories.createdAt));
}

/** Names containing what a shopper typed. */
function likePattern(q: string): string {
  return `%${escapeLike(q)}%`;
}

/** Products, newest first, keyset-paged; shoppers see only what is on sale. */
export async function listProducts(tx: DbOrTx, input: { categoryId?: string; query?: string; cursor?: string; limit: number; includeOffSale?: boolean }) {
  const where: SQL[] = [];
  if (!input.includeOffSale) where.push(eq(products.onSale, true));
  if (input.categoryId) where.push(eq(products.categoryId, input.categoryId));
  const q = input.query?.trim();
  if (q) where.push(ilike(products.name, likePattern(q)));
  const after = cursorBefore(input.cursor, products.createdAt, products.id);
  if (after) where.push(after);
  const rows = await tx.select().from(products).where(and(...where)).orderBy(desc(products.createdAt), desc(products.id)).limit(input.limit + 1);
  return keysetPage(rows, input.limit);
}

/** One product; an off-sale product is "not found" for shoppers. */
export async function readProduct(tx: DbOrTx, id: string, opts: { includeOffSale?: boolean } = {}) {
  const [p] = await tx.select().from(products).where(eq(products.id, id));
  if (!p || (!p.onSale && !opts.includeOffSale)) throw new DomainError("NOT_FOUND");
  return p;
}

/**
 * The cart's lines priced by the server: the client keeps only product ids and quantities, and
 * shows these prices, names and stock (a line whose product is gone comes back `available: false`).
 */
export async function quoteCart(tx: DbOrTx, lines: { productId: string; quantity: number }[]) {
  const ids = [...new Set(lines.map((l) => l.productId))];
  const rows = ids.length ? await tx.select().from(products).where(inArray(products.id, ids)) : [];
  const byId = new Map(rows.map((p) => [p.id, p]));
  const items = lines.map((l) => {
    const p = byId.get(l.productId);
    const available = !!p && p.onSale && p.stock >= l.quantity;
    return { productId: l.productId, quantity: l.quantity, name: p?.name ?? null, imageUrl: p?.images[0] ?? null, priceFen: p?.priceFen ?? 0, stock: p?.stock ?? 0, onSale: p?.onSale ?? false, available };
  });
  const totalFen = items.filter((i) => i.available).reduce((s, i) => s + i.priceFen * i.quantity, 0);
  return { items, totalFen };
}

/** Points-mall items with their product; shoppers see the active ones. */
export function listMallItems(tx: DbOrTx, opts: { all?: boolean } = {}) {
  return tx
    .select({
      id: mallItems.id,
      asset: mallItems.asset,
      pricePoints: mallItems.pricePoints,
      stock: mallItems.stock,
      active: mallItems.active,
      productId: products.id,
      name: products.name,
      description: products.description,
      images: products.images,
    })
    .from(mallItems)
    .innerJoin(products, eq(products.id, mallItems.productId))
    .where(opts.all ? undefined : eq(mallItems.active, true))
    .orderBy(asc(mallItems.asset), asc(mallItems.pricePoints));
}
