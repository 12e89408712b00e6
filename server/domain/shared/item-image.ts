import { sql, type SQL } from "drizzle-orm";

/**
 * An activity item's picture, as SQL over the `activity_items` row named `item`: the item's own
 * image, else the first photo of the catalog product it stands for (the one the store shows),
 * else null (the page then draws its placeholder).
 */
export function itemImageSql(item: SQL = sql.raw("activity_items")): SQL<string | null> {
  return sql<string | null>`COALESCE(${item}.image_url, (SELECT p.images->>0 FROM products p WHERE p.id = ${item}.product_id))`;
}

/**
 * An activity's picture, where the activity stands as a whole (its card, a group's page seen by
 * someone not seated in it): the picture of its first active item that has one, by position. A
 * voucher first in the list (no photo) does not hide the product after it; null only when no item
 * has a picture.
 */
export function activityImageSql(activityId: SQL): SQL<string | null> {
  return sql<string | null>`(SELECT x.image FROM (SELECT ${itemImageSql(sql`i`)} AS image, i.position FROM activity_items i WHERE i.activity_id = ${activityId} AND i.active) x
    WHERE x.image IS NOT NULL ORDER BY x.position LIMIT 1)`;
}
