import { sql, type SQL } from "drizzle-orm";

/**
 * An activity item's picture, as SQL over the `activity_items` row named `item`: the item's own
 * image, else the first photo of the catalog product it stands for (the one the store shows),
 * else null (the page then draws its placeholder).
 */
export function itemImageSql(item: SQL = sql.raw("activity_items")): SQL<string | null> {
  return sql<string | null>`COALESCE(${item}.image_url, (SELECT p.images->>0 FROM products p WHERE p.id = ${item}.product_id))`;
}
