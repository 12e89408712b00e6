import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { addresses, products } from "@/db/schema";
import { ActivityItemInputSchema } from "@/server/domain/shared/activity-config";
import { cleanTextOrNull } from "@/server/domain/shared/clean-text";
import { FixedClock } from "@/server/domain/shared/clock";
import { isOwnImageUrl } from "@/server/domain/shared/image-url";
import { saveAddress } from "@/server/domain/store/addresses";
import { saveProduct } from "@/server/domain/store/manage-catalog";
import { createUser } from "../helpers/factories";
import { createTestDb, type TestDb } from "../helpers/test-db";

const ONE_LINE = { min: 1, max: 20 };

describe("text as the platform stores it", () => {
  it.each([
    ["a right-to-left override", "王芳\u202Egnp.exe"],
    ["an isolate", "王\u2067芳"],
    ["a left-to-right mark", "\u200E王芳"],
    ["a control character", "王\u0007芳"],
    ["a line break in a one-line field", "王\n芳"],
    ["a line separator", "王\u2028芳"],
  ])("refuses %s", (_, value) => {
    expect(cleanTextOrNull(value, ONE_LINE)).toBeNull();
  });

  it("strips invisible characters, so two names that look the same are the same", () => {
    expect(cleanTextOrNull("王\u200B芳", ONE_LINE)).toBe("王芳");
    expect(cleanTextOrNull("\uFEFF王芳\u2060", ONE_LINE)).toBe("王芳");
    expect(cleanTextOrNull("王\u200D芳", ONE_LINE)).toBe("王芳");
    expect(cleanTextOrNull("\u200B\u200B", ONE_LINE)).toBeNull(); // nothing left
  });

  it("keeps what people really write: emoji sequences, NFC forms, line breaks where allowed", () => {
    expect(cleanTextOrNull("全家福👨‍👩‍👧", ONE_LINE)).toBe("全家福👨‍👩‍👧");
    expect(cleanTextOrNull("Cafe\u0301", ONE_LINE)).toBe("Café");
    expect(cleanTextOrNull("  line one\r\nline two  ", { min: 1, max: 100, multiline: true })).toBe("line one\nline two");
    // Length counts characters, not UTF-16 units.
    expect(cleanTextOrNull("😀".repeat(20), ONE_LINE)).toBe("😀".repeat(20));
  });
});

describe("images are the platform's own", () => {
  it.each(["//evil.example/x.png", "https://evil.example/x.png", "/store/../api/x.svg", "/store//evil.example/x.svg", "javascript:alert(1)", "/api/images/../../etc/passwd", "data:image/png;base64,AAAA"])("refuses %s", (url) => {
    expect(isOwnImageUrl(url)).toBe(false);
  });
  it("accepts uploads and the catalog art", () => {
    expect(isOwnImageUrl("/api/images/0b6f1f62-3c39-4a43-9c43-1b9e3e6f0a11.png")).toBe(true);
    expect(isOwnImageUrl("/store/earbuds.svg")).toBe(true);
  });
  it("the activity editor refuses another host's image", () => {
    expect(ActivityItemInputSchema.safeParse({ kind: "product", name: "耳机", imageUrl: "//evil.example/x.png", priceFen: 100 }).success).toBe(false);
    expect(ActivityItemInputSchema.safeParse({ kind: "product", name: "耳机\u202E", priceFen: 100 }).success).toBe(false);
    expect(ActivityItemInputSchema.safeParse({ kind: "product", name: "耳机", imageUrl: "/store/earbuds.svg", priceFen: 100 }).success).toBe(true);
  });
});

describe("at the domain's boundary", () => {
  let t: TestDb;
  const clock = new FixedClock("2026-12-01T02:00:00Z");
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  it("a product with another host's image or a bidi title is refused and nothing is written; invisible characters are stripped", async () => {
    const owner = await createUser(t.db, { role: "owner" });
    const actor = { id: owner.id, role: "owner" as const, ip: "203.0.113.1" };
    const base = { categoryId: null, description: "", priceFen: 100, onSale: true, initialStock: 1 };
    await expect(t.db.transaction((tx) => saveProduct(tx, clock, actor, { ...base, name: "耳机", images: ["//evil.example/x.png"] }))).rejects.toMatchObject({ code: "BAD_INPUT", params: { field: "images" } });
    await expect(t.db.transaction((tx) => saveProduct(tx, clock, actor, { ...base, name: "耳机\u202Eexe", images: [] }))).rejects.toMatchObject({ code: "BAD_INPUT", params: { field: "name" } });
    expect(await t.db.select().from(products)).toEqual([]);
    const saved = await t.db.transaction((tx) => saveProduct(tx, clock, actor, { ...base, name: "耳\u200B机", images: ["/store/earbuds.svg"] }));
    const [row] = await t.db.select().from(products).where(eq(products.id, saved.id));
    expect(row?.name).toBe("耳机");
  });

  it("an address with a direction override is refused", async () => {
    const shopper = await createUser(t.db);
    await expect(
      t.db.transaction((tx) => saveAddress(tx, clock, shopper.id, { recipient: "王芳", phone: "13800000001", region: "北京市 朝阳区", detail: "建国路\u202E88号", isDefault: true })),
    ).rejects.toMatchObject({ code: "BAD_INPUT", params: { field: "detail" } });
    expect(await t.db.select().from(addresses).where(eq(addresses.userId, shopper.id))).toEqual([]);
  });
});
