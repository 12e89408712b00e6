import "server-only";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { mallItems, productCategories, products, type MallAsset } from "@/db/schema";
import { recordAudit, type Actor } from "../audit/record-audit";
import type { Clock } from "../shared/clock";
import { cleanText } from "../shared/clean-text";
import { isOwnImageUrl } from "../shared/image-url";
import { DomainError } from "../shared/errors";
import { MAX_AMOUNT_FEN } from "../shared/money";

/** The most one product may cost (¥1,000,000) and hold in stock: typo guards. */
export const MAX_PRICE_FEN = 100_000_000;
export const MAX_STOCK = 1_000_000;

/** Creates or edits a category (name, position, active). */
export async function saveCategory(tx: DbOrTx, clock: Clock, actor: Actor, input: { id?: string; name: string; position: number; active: boolean }) {
  const values = { name: cleanText(input.name, { min: 1, max: 20 }, "name"), position: input.position, active: input.active };
  if (!Number.isSafeInteger(values.position) || values.position < 0 || values.position > 9999) throw new DomainError("BAD_INPUT", { field: "position" });
  const [before] = input.id ? await tx.select().from(productCategories).where(eq(productCategories.id, input.id)) : [];
  if (input.id && !before) throw new DomainError("NOT_FOUND");
  const [row] = input.id
    ? await tx.update(productCategories).set(values).where(eq(productCategories.id, input.id)).returning()
    : await tx.insert(productCategories).values({ ...values, createdAt: clock.now() }).returning();
  if (!row) throw new DomainError("INTERNAL");
  await recordAudit(tx, clock, actor, { action: input.id ? "category.update" : "category.create", targetType: "category", targetId: row.id, before: before ?? null, after: row });
  return row;
}

export interface ProductInput {
  id?: string;
  categoryId: string | null;
  name: string;
  description: string;
  priceFen: number;
  images: string[];
  onSale: boolean;
  /** Per-shopper limit (1–999), or null for none. */
  maxPerShopper?: number | null;
  /** Only when creating; later changes go through adjustStock so they cannot race checkouts. */
  initialStock?: number;
}

/** Creates or edits a product. Stock is not set here on edit: see adjustStock. */
export async function saveProduct(tx: DbOrTx, clock: Clock, actor: Actor, input: ProductInput) {
  if (!Number.isSafeInteger(input.priceFen) || input.priceFen <= 0 || input.priceFen > Math.min(MAX_PRICE_FEN, MAX_AMOUNT_FEN)) throw new DomainError("BAD_INPUT", { field: "priceFen" });
  if (input.images.length > 8 || input.images.some((u) => !isOwnImageUrl(u))) throw new DomainError("BAD_INPUT", { field: "images" });
  const maxPerShopper = input.maxPerShopper ?? null;
  if (maxPerShopper !== null && (!Number.isSafeInteger(maxPerShopper) || maxPerShopper < 1 || maxPerShopper > 999)) throw new DomainError("BAD_INPUT", { field: "maxPerShopper" });
  if (input.categoryId) {
    const [c] = await tx.select({ id: productCategories.id }).from(productCategories).where(eq(productCategories.id, input.categoryId));
    if (!c) throw new DomainError("BAD_INPUT", { field: "categoryId" });
  }
  const values = { categoryId: input.categoryId, name: cleanText(input.name, { min: 1, max: 60 }, "name"), description: cleanText(input.description, { min: 0, max: 2000, multiline: true }, "description"), priceFen: input.priceFen, images: input.images, onSale: input.onSale, maxPerShopper, updatedAt: clock.now() };
  const [before] = input.id ? await tx.select().from(products).where(eq(products.id, input.id)) : [];
  if (input.id && !before) throw new DomainError("NOT_FOUND");
  let row: typeof products.$inferSelect | undefined;
  if (input.id) {
    [row] = await tx.update(products).set(values).where(eq(products.id, input.id)).returning();
  } else {
    const stock = input.initialStock ?? 0;
    if (!Number.isSafeInteger(stock) || stock < 0 || stock > MAX_STOCK) throw new DomainError("BAD_INPUT", { field: "initialStock" });
    [row] = await tx.insert(products).values({ ...values, stock, createdAt: clock.now() }).returning();
  }
  if (!row) throw new DomainError("INTERNAL");
  await recordAudit(tx, clock, actor, { action: input.id ? "product.update" : "product.create", targetType: "product", targetId: row.id, before: before ?? null, after: row });
  return row;
}

/**
 * Adds to or takes from a product's stock by `delta`, in one conditional UPDATE: it composes with
 * concurrent checkouts (no lost update) and never takes stock below zero.
 */
export async function adjustStock(tx: DbOrTx, clock: Clock, actor: Actor, input: { productId: string; delta: number }) {
  if (!Number.isSafeInteger(input.delta) || input.delta === 0 || Math.abs(input.delta) > MAX_STOCK) throw new DomainError("BAD_INPUT", { field: "delta" });
  const [row] = await tx.execute<{ stock: number }>(sql`UPDATE products SET stock = stock + ${input.delta}, updated_at = ${clock.now().toISOString()} WHERE id = ${input.productId} AND stock + ${input.delta} >= 0 AND stock + ${input.delta} <= ${MAX_STOCK} RETURNING stock`);
  if (!row) {
    const [p] = await tx.select({ stock: products.stock }).from(products).where(eq(products.id, input.productId));
    if (!p) throw new DomainError("NOT_FOUND");
    throw new DomainError("STOCK_NEGATIVE", { stock: p.stock });
  }
  await recordAudit(tx, clock, actor, { action: "product.stock", targetType: "product", targetId: input.productId, after: { delta: input.delta, stock: Number(row.stock) } });
  return { stock: Number(row.stock) };
}

/** Creates or edits a points-mall item (price in mall or dividend points, its own allotment). */
export async function saveMallItem(tx: DbOrTx, clock: Clock, actor: Actor, input: { id?: string; productId: string; asset: MallAsset; pricePoints: number; stock: number; active: boolean }) {
  if (!Number.isSafeInteger(input.pricePoints) || input.pricePoints <= 0 || input.pricePoints > MAX_AMOUNT_FEN) throw new DomainError("BAD_INPUT", { field: "pricePoints" });
  if (!Number.isSafeInteger(input.stock) || input.stock < 0 || input.stock > MAX_STOCK) throw new DomainError("BAD_INPUT", { field: "stock" });
  const [p] = await tx.select({ id: products.id }).from(products).where(eq(products.id, input.productId));
  if (!p) throw new DomainError("BAD_INPUT", { field: "productId" });
  const values = { productId: input.productId, asset: input.asset, pricePoints: input.pricePoints, stock: input.stock, active: input.active };
  const [before] = input.id ? await tx.select().from(mallItems).where(eq(mallItems.id, input.id)) : [];
  if (input.id && !before) throw new DomainError("NOT_FOUND");
  const [row] = input.id
    ? await tx.update(mallItems).set(values).where(eq(mallItems.id, input.id)).returning()
    : await tx.insert(mallItems).values({ ...values, createdAt: clock.now() }).returning();
  if (!row) throw new DomainError("INTERNAL");
  await recordAudit(tx, clock, actor, { action: input.id ? "mall_item.update" : "mall_item.create", targetType: "mall_item", targetId: row.id, before: before ?? null, after: row });
  return row;
}
