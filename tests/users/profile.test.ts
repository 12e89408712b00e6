/**
 * 我的 → edit profile: a shopper sets their own display name (cleaned, 1–20 characters) and picks one
 * of their generated avatars; bad input is refused with a translated error and changes nothing; no
 * one can change another's profile. Others then see the new avatar and the masked new name, and an
 * activity item without its own image shows its product's photo.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { DEFAULT_ACTIVITY_CONFIG } from "@/server/domain/shared/activity-config";
import { createActivity } from "@/server/domain/activities/create-activity";
import { FixedClock } from "@/server/domain/shared/clock";
import { isDomainError } from "@/server/domain/shared/errors";
import { AVATAR_VARIANTS, avatarChoices, avatarKey } from "@/server/domain/users/avatar";
import { updateProfile } from "@/server/domain/users/update-profile";
import { callerFor, catchTrpc } from "../helpers/api-caller";
import { createUser, fund } from "../helpers/factories";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createProduct } from "../store/fixtures";

let t: TestDb;
const clock = new FixedClock("2026-11-25T02:00:00Z");
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

const row = async (id: string) => (await t.db.select({ displayName: users.displayName, avatarVariant: users.avatarVariant }).from(users).where(eq(users.id, id)))[0];
const shopper = (id: string, locale: "zh-CN" | "en" = "zh-CN") => callerFor(t.db, clock, { id, role: "shopper" }, { locale });

async function domainCode(fn: () => Promise<unknown>): Promise<string | null> {
  try {
    await fn();
  } catch (e) {
    return isDomainError(e) ? e.code : null;
  }
  throw new Error("expected a DomainError");
}

describe("updateProfile (domain)", () => {
  it("stores the cleaned name and the chosen variant", async () => {
    const u = await createUser(t.db, { displayName: "用户0001" });
    await expect(t.db.transaction((tx) => updateProfile(tx, { userId: u.id, displayName: "  张小明\u200B ", avatarVariant: 4 }))).resolves.toEqual({ displayName: "张小明", avatarVariant: 4 });
    expect(await row(u.id)).toEqual({ displayName: "张小明", avatarVariant: 4 });
    // Only what is given changes.
    await t.db.transaction((tx) => updateProfile(tx, { userId: u.id, avatarVariant: 0 }));
    expect(await row(u.id)).toEqual({ displayName: "张小明", avatarVariant: 0 });
  });

  it.each([
    ["empty", ""],
    ["only spaces", "   "],
    ["only invisible characters", "\u200B\u200B"],
    ["21 characters", "字".repeat(21)],
    ["a bidirectional override", "王芳\u202Eabc"],
    ["a line break", "王\n芳"],
  ])("refuses a name that is %s with DISPLAY_NAME_INVALID and changes nothing", async (_, name) => {
    const u = await createUser(t.db, { displayName: "原名" });
    expect(await domainCode(() => t.db.transaction((tx) => updateProfile(tx, { userId: u.id, displayName: name, avatarVariant: 2 })))).toBe("DISPLAY_NAME_INVALID");
    expect(await row(u.id)).toEqual({ displayName: "原名", avatarVariant: 0 });
  });

  it("accepts 20 characters, emoji counted as one", async () => {
    const u = await createUser(t.db);
    const name = "🐼".repeat(20);
    await t.db.transaction((tx) => updateProfile(tx, { userId: u.id, displayName: name }));
    expect((await row(u.id))?.displayName).toBe(name);
  });

  it.each([-1, AVATAR_VARIANTS, 1.5, Number.NaN])("refuses avatar variant %s with AVATAR_INVALID", async (variant) => {
    const u = await createUser(t.db, { displayName: "原名" });
    expect(await domainCode(() => t.db.transaction((tx) => updateProfile(tx, { userId: u.id, displayName: "新名", avatarVariant: variant })))).toBe("AVATAR_INVALID");
    expect(await row(u.id)).toEqual({ displayName: "原名", avatarVariant: 0 });
  });

  it("does not touch staff accounts", async () => {
    const staff = await createUser(t.db, { role: "operator", displayName: "运营" });
    expect(await domainCode(() => t.db.transaction((tx) => updateProfile(tx, { userId: staff.id, displayName: "改名" })))).toBe("NOT_FOUND");
    expect((await row(staff.id))?.displayName).toBe("运营");
  });
});

describe("wallet.updateProfile and wallet.me (router)", () => {
  it("changes the caller's own profile and shows the picked avatar on 我的", async () => {
    const u = await createUser(t.db);
    await shopper(u.id).wallet.updateProfile({ displayName: "李小龙", avatarVariant: 3 });
    const me = await shopper(u.id).wallet.me();
    expect(me.displayName).toBe("李小龙");
    expect(me.avatarVariant).toBe(3);
    expect(me.avatars).toEqual(avatarChoices(u.id));
    expect(me.avatarKey).toBe(avatarKey(u.id, 3));
  });

  it("refuses to name another user: the input has no user id, and an extra one is rejected, not obeyed", async () => {
    const a = await createUser(t.db, { displayName: "甲方" });
    const b = await createUser(t.db, { displayName: "乙方" });
    const err = await catchTrpc(() => shopper(a.id).wallet.updateProfile({ userId: b.id, displayName: "被改了" } as never));
    expect(err.trpcCode).toBe("BAD_REQUEST");
    expect(await row(a.id)).toEqual({ displayName: "甲方", avatarVariant: 0 });
    expect(await row(b.id)).toEqual({ displayName: "乙方", avatarVariant: 0 });
    // A's change reaches A's row only.
    await shopper(a.id).wallet.updateProfile({ displayName: "甲方新名" });
    expect((await row(b.id))?.displayName).toBe("乙方");
  });

  it("is for signed-in shoppers only", async () => {
    const staff = await createUser(t.db, { role: "owner", displayName: "店主" });
    expect((await catchTrpc(() => callerFor(t.db, clock, null).wallet.updateProfile({ displayName: "x" }))).trpcCode).toBe("UNAUTHORIZED");
    expect((await catchTrpc(() => callerFor(t.db, clock, { id: staff.id, role: "owner" }).wallet.updateProfile({ displayName: "x" }))).trpcCode).toBe("FORBIDDEN");
    expect((await row(staff.id))?.displayName).toBe("店主");
  });

  it("says what is wrong in the caller's language", async () => {
    const u = await createUser(t.db);
    const zh = await catchTrpc(() => shopper(u.id).wallet.updateProfile({ displayName: "字".repeat(21) }));
    expect(zh).toMatchObject({ trpcCode: "BAD_REQUEST", domainCode: "DISPLAY_NAME_INVALID" });
    expect(zh.message).toBe("昵称须为 1–20 个字，且不能含控制符或不可见字符");
    const en = await catchTrpc(() => shopper(u.id, "en").wallet.updateProfile({ avatarVariant: 9 }));
    expect(en).toMatchObject({ domainCode: "AVATAR_INVALID", message: "Please pick one of the avatars shown." });
  });
});

describe("what others see", () => {
  it("the room and the home card show the masked new name and the picked avatar; the item shows its product's photo", async () => {
    const owner = await createUser(t.db, { role: "owner" });
    const product = await createProduct(t.db, clock, { images: ["/store/earbuds.svg", "/store/band.svg"] });
    const { id: activityId } = await t.db.transaction((tx) =>
      createActivity(tx, clock, { id: owner.id, role: "owner", ip: "t" }, {
        name: "耳机团",
        priceFen: 10_00,
        groupSize: 5,
        winners: 2,
        opensAt: new Date("2026-11-01"),
        items: [
          { kind: "product", name: "耳机", priceFen: 10_00, productId: product.id },
          { kind: "voucher", name: "¥10 券", priceFen: 10_00 },
        ],
        config: DEFAULT_ACTIVITY_CONFIG,
      }),
    );
    const u = await createUser(t.db);
    await fund(t.db, clock, u.id, "cash", 100_00);
    await shopper(u.id).wallet.updateProfile({ displayName: "张小明", avatarVariant: 5 });
    const anon = callerFor(t.db, clock, null);
    const room = await anon.activities.room({ activityId });
    expect(room.items.map((i) => i.imageUrl)).toEqual(["/store/earbuds.svg", null]);
    await shopper(u.id).activities.join({ activityId, itemId: room.items[0]!.id, entryId: randomUUID() });

    const seen = await anon.activities.room({ activityId });
    expect(seen.openGroup?.seats).toEqual([{ seat: 1, name: "张*明", avatar: avatarKey(u.id, 5), mine: false }]);
    const card = (await anon.activities.list()).items.find((a) => a.id === activityId);
    expect(card?.imageUrl).toBe("/store/earbuds.svg");
    expect(card?.seated).toEqual([{ name: "张*明", avatar: avatarKey(u.id, 5) }]);
    // Nothing in what strangers get names the user.
    expect(JSON.stringify([seen, card])).not.toContain(u.id);

    const mine = await shopper(u.id).activities.myEntries({ limit: 10 });
    expect(mine.items[0]).toMatchObject({ itemName: "耳机", itemImageUrl: "/store/earbuds.svg" });
  });
});
