import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { mallItems, productCategories, products, users } from "../../db/schema";
import { postTransfers } from "../../server/domain/ledger";
import type { Clock } from "../../server/domain/shared/clock";

const CATALOG = [
  { category: "数码", name: "无线降噪耳机", priceFen: 99_00, stock: 50, image: "/store/earbuds.svg", description: "主动降噪，续航 30 小时，蓝牙 5.3。\n一年质保，7 天无理由退货。" },
  { category: "数码", name: "智能运动手环", priceFen: 159_00, stock: 30, image: "/store/band.svg", description: "心率、血氧、睡眠监测，14 天续航。" },
  { category: "家居", name: "真空保温杯 500ml", priceFen: 49_00, stock: 80, image: "/store/cup.svg", description: "316 不锈钢内胆，保温 12 小时。" },
  { category: "家居", name: "纯棉四件套 1.8m", priceFen: 199_00, stock: 20, image: "/store/bedding.svg", description: "A 类纯棉，亲肤透气。" },
  { category: "食品", name: "每日坚果礼盒 30 袋", priceFen: 69_00, stock: 100, image: "/store/nuts.svg", description: "6 种坚果果干科学配比，每袋 25g。" },
  { category: "食品", name: "当季水果礼盒 3kg", priceFen: 29_90, stock: 3, image: "/store/fruit.svg", description: "产地直发，坏果包赔。" },
];

/** Demo storefront for `npm start`: categories, products, points-mall items, and vouchers/points for 王芳. Idempotent. */
export async function seedStore(db: Db, clock: Clock): Promise<void> {
  await db.transaction(async (tx) => {
    const [any] = await tx.select({ id: productCategories.id }).from(productCategories).limit(1);
    if (!any) {
      const now = clock.now();
      const cats = new Map<string, string>();
      for (const [i, name] of ["数码", "家居", "食品"].entries()) {
        const [c] = await tx.insert(productCategories).values({ name, position: i + 1, createdAt: now }).returning({ id: productCategories.id });
        cats.set(name, c!.id);
      }
      const ids = new Map<string, string>();
      for (const [i, p] of CATALOG.entries()) {
        // Staggered creation times so the newest-first grid keeps this order.
        const at = new Date(now.getTime() - i * 1000);
        const [row] = await tx
          .insert(products)
          .values({ categoryId: cats.get(p.category)!, name: p.name, description: p.description, priceFen: p.priceFen, stock: p.stock, images: [p.image], onSale: true, createdAt: at, updatedAt: at })
          .returning({ id: products.id });
        ids.set(p.name, row!.id);
      }
      await tx.insert(mallItems).values([
        { productId: ids.get("真空保温杯 500ml")!, asset: "mallPoints", pricePoints: 500, stock: 20, createdAt: now },
        { productId: ids.get("每日坚果礼盒 30 袋")!, asset: "divPoints", pricePoints: 800, stock: 10, createdAt: now },
      ]);
    }
    const [wang] = await tx.select({ id: users.id }).from(users).where(eq(users.phone, "13800000001"));
    if (wang) {
      const ref = { type: "seed", id: "13800000001" };
      await postTransfers(tx, clock, [
        { key: "seed:13800000001:voucher", asset: "voucher", from: { platform: "rewards_expense" }, to: { userId: wang.id }, amount: 50_00, reason: "seed", ref },
        { key: "seed:13800000001:mallPoints", asset: "mallPoints", from: { platform: "rewards_expense" }, to: { userId: wang.id }, amount: 600, reason: "seed", ref },
      ]);
    }
  });
}
