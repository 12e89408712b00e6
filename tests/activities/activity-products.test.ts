/**
 * An activity's items stand for catalog products, picked in the console's editor: the editor reads
 * each item's product (photo, name, catalog price), the server refuses an unknown product at its
 * field in the caller's language with nothing written, a voucher stands for none, and the audit log
 * records which product each item stands for. The item's picture is then the product's photo.
 */
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activities, activityItems, auditLog, type UserRole } from "@/db/schema";
import { DEFAULT_ACTIVITY_CONFIG } from "@/server/domain/shared/activity-config";
import { createActivity } from "@/server/domain/activities/create-activity";
import { FixedClock } from "@/server/domain/shared/clock";
import { DomainError } from "@/server/domain/shared/errors";
import { callerFor, catchTrpc, type Caller } from "../helpers/api-caller";
import { createUser } from "../helpers/factories";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createProduct } from "../store/fixtures";

let t: TestDb;
let operatorId: string;
let operator: Caller;
const clock = new FixedClock("2026-11-25T04:00:00Z");
const P = 49_00;
const MISSING = "00000000-0000-4000-8000-00000000abcd";

beforeAll(async () => {
  t = await createTestDb();
  operatorId = (await createUser(t.db, { role: "operator" })).id;
  operator = callerFor(t.db, clock, { id: operatorId, role: "operator" as UserRole });
});
afterAll(() => t.drop());

const activityWith = (name: string, items: { kind: "product" | "voucher"; name: string; productId?: string | null; imageUrl?: string | null; id?: string }[]) => ({
  name,
  priceFen: P,
  groupSize: 5,
  winners: 2,
  opensAt: new Date(clock.now().getTime() - 3600_000),
  closesAt: null,
  items: items.map((i) => ({ ...i, priceFen: P })),
  config: DEFAULT_ACTIVITY_CONFIG,
});

const audits = (action: string, targetId: string) => t.db.select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.targetId, targetId)));

describe("an activity's items and their catalog products", () => {
  it("the editor reads each item's product (photo, name, price); the room shows the product's photo; the audit names the product", async () => {
    const earbuds = await createProduct(t.db, clock, { name: "无线降噪耳机", priceFen: 199_00, images: ["/store/earbuds.svg", "/store/band.svg"] });
    const { id } = await operator.admin.activities.create({
      activity: activityWith("耳机团", [
        { kind: "product", name: "耳机 · 黑", productId: earbuds.id },
        { kind: "voucher", name: "¥49 券" },
      ]),
    });
    const got = await operator.admin.activities.get({ activityId: id });
    expect(got.items.map((i) => ({ name: i.name, productId: i.productId, product: i.product }))).toEqual([
      { name: "耳机 · 黑", productId: earbuds.id, product: { id: earbuds.id, name: "无线降噪耳机", imageUrl: "/store/earbuds.svg", priceFen: 199_00, onSale: earbuds.onSale } },
      { name: "¥49 券", productId: null, product: null },
    ]);
    const room = await callerFor(t.db, clock, null).activities.room({ activityId: id });
    expect(room.items.map((i) => i.imageUrl)).toEqual(["/store/earbuds.svg", null]);
    const [created] = await audits("activity.create", id);
    expect(JSON.stringify(created?.after)).toContain(earbuds.id);

    // Picking another product for the voucher's place (as a product now) makes a new item; the audit's before/after say which product.
    const band = await createProduct(t.db, clock, { name: "智能手环", images: ["/store/band.svg"] });
    const body = activityWith("耳机团", [
      { id: got.items[0]!.id, kind: "product", name: "耳机 · 黑", productId: earbuds.id },
      { kind: "product", name: "手环", productId: band.id },
    ]);
    await operator.admin.activities.update({ activityId: id, activity: body });
    const [updated] = await audits("activity.update", id);
    const itemsOf = (v: unknown) => (v as { items: { name: string; productId: string | null }[] }).items.map((i) => [i.name, i.productId]);
    expect(itemsOf(updated?.before)).toEqual([["耳机 · 黑", earbuds.id], ["¥49 券", null]]);
    expect(itemsOf(updated?.after)).toEqual([["耳机 · 黑", earbuds.id], ["手环", band.id]]);
    expect((await callerFor(t.db, clock, null).activities.room({ activityId: id })).items.map((i) => i.imageUrl)).toEqual(["/store/earbuds.svg", "/store/band.svg"]);
  });

  it("an unknown product is refused at its field, in the caller's language, and nothing is written", async () => {
    const earbuds = await createProduct(t.db, clock, { images: ["/store/earbuds.svg"] });
    const name = `坏商品 ${randomUUID().slice(0, 6)}`;
    const bad = activityWith(name, [
      { kind: "product", name: "耳机", productId: earbuds.id },
      { kind: "product", name: "不存在", productId: MISSING },
    ]);
    const zh = await catchTrpc(() => operator.admin.activities.create({ activity: bad }));
    expect(zh).toMatchObject({ trpcCode: "BAD_REQUEST", domainCode: "ACTIVITY_PRODUCT_UNKNOWN", message: "第 2 件奖品选的商品不存在，请重新选择" });
    const en = await catchTrpc(() => callerFor(t.db, clock, { id: operatorId, role: "operator" }, { locale: "en" }).admin.activities.create({ activity: bad }));
    expect(en.message).toBe("Item 2: the chosen product does not exist. Pick another.");
    // The field the editor shows it at.
    const domainError = await t.db.transaction((tx) => createActivity(tx, clock, { id: operatorId, role: "operator", ip: "t" }, bad)).catch((e: unknown) => e);
    expect(domainError).toBeInstanceOf(DomainError);
    expect((domainError as DomainError).params).toEqual({ position: 2, field: "items.1.productId" });
    expect(await t.db.select().from(activities).where(eq(activities.name, name))).toEqual([]);

    // On an edit: refused, the items and the audit log as they were.
    const { id } = await operator.admin.activities.create({ activity: activityWith(name, [{ kind: "product", name: "耳机", productId: earbuds.id }]) });
    const before = await t.db.select().from(activityItems).where(eq(activityItems.activityId, id));
    const auditsBefore = await audits("activity.update", id);
    const item = (await operator.admin.activities.get({ activityId: id })).items[0]!;
    const edit = await catchTrpc(() => operator.admin.activities.update({ activityId: id, activity: activityWith(name, [{ id: item.id, kind: "product", name: "耳机", productId: MISSING }]) }));
    expect(edit).toMatchObject({ domainCode: "ACTIVITY_PRODUCT_UNKNOWN", message: "第 1 件奖品选的商品不存在，请重新选择" });
    expect(await t.db.select().from(activityItems).where(eq(activityItems.activityId, id))).toEqual(before);
    expect(await audits("activity.update", id)).toEqual(auditsBefore);
  });

  it("the picker's search: names containing the text, the exact name first, on sale before off sale (marked), % matched literally", async () => {
    const tag = randomUUID().slice(0, 4);
    const exact = await createProduct(t.db, clock, { name: `杯${tag}`, priceFen: 59_00, images: ["/store/cup.svg"] });
    const offSale = await createProduct(t.db, clock, { name: `保温杯${tag} 限定`, onSale: false, images: [] });
    const onSale = await createProduct(t.db, clock, { name: `真空保温杯${tag}`, images: ["/store/cup.svg"] });
    const percent = await createProduct(t.db, clock, { name: `100%杯${tag}` });
    const found = await operator.admin.activities.products({ query: ` 杯${tag} ` });
    expect(found[0]?.id).toBe(exact.id);
    expect(found.at(-1)?.id).toBe(offSale.id);
    expect(new Set(found.map((p) => p.id))).toEqual(new Set([exact.id, onSale.id, offSale.id, percent.id]));
    expect(found[0]).toEqual({ id: exact.id, name: `杯${tag}`, imageUrl: "/store/cup.svg", priceFen: 59_00, onSale: true });
    expect(found.find((p) => p.id === offSale.id)).toMatchObject({ onSale: false, imageUrl: null });
    expect((await operator.admin.activities.products({ query: `100%杯${tag}` })).map((p) => p.name)).toEqual([`100%杯${tag}`]);
    expect(await operator.admin.activities.products({ query: "%" })).not.toHaveLength(0);
    expect(await operator.admin.activities.products({ query: `%${tag}%` })).toEqual([]);
    expect(await operator.admin.activities.products({ query: "  " })).toEqual([]);
    // Readers of activities do not pick.
    const support = callerFor(t.db, clock, { id: (await createUser(t.db, { role: "support" })).id, role: "support" });
    expect(await catchTrpc(() => support.admin.activities.products({ query: "杯" }))).toMatchObject({ trpcCode: "FORBIDDEN" });
  });

  it("a voucher stands for no product", async () => {
    const earbuds = await createProduct(t.db, clock, {});
    const err = await catchTrpc(() => operator.admin.activities.create({ activity: activityWith("券团", [{ kind: "voucher", name: "¥49 券", productId: earbuds.id }]) }));
    expect(err).toMatchObject({ domainCode: "INVALID_ACTIVITY" });
    expect(err.message).toContain("items.0.productId");
  });
});
