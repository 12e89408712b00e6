/**
 * The console's user picker: shoppers by part of a phone number or of a name, best matches first,
 * never more than the limit, staff never listed, and only for roles that may read users.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FixedClock } from "@/server/domain/shared/clock";
import { searchShoppers, USER_SEARCH_MAX } from "@/server/domain/users/search-users";
import { callerFor, catchTrpc } from "../helpers/api-caller";
import { createUser, createUsers } from "../helpers/factories";
import { createTestDb, type TestDb } from "../helpers/test-db";

let t: TestDb;
const clock = new FixedClock("2026-12-05T04:00:00Z");
let wang: string;

beforeAll(async () => {
  t = await createTestDb();
  wang = (await createUser(t.db, { phone: "13812345678", displayName: "王小明" })).id;
  await createUser(t.db, { phone: "13912345678", displayName: "李雷" });
  await createUser(t.db, { phone: "13800001111", displayName: "小王子" });
  await createUser(t.db, { phone: "13812340000", displayName: "Ann_50%" });
  await createUser(t.db, { phone: "13712345678", displayName: "王经理", role: "operator" });
  await createUsers(t.db, 30, { displayName: "批量用户" });
});
afterAll(() => t.drop());

const search = (query: string, limit = 10) => searchShoppers(t.db, { query, limit });
const names = async (query: string, limit = 10) => (await search(query, limit)).map((u) => u.displayName);

describe("searchShoppers", () => {
  it("finds by the whole number (with spaces, dashes or +86), the exact one first, phones masked", async () => {
    for (const q of ["13812345678", "138 1234 5678", "+86 138-1234-5678"]) {
      const [first] = await search(q);
      expect(first).toEqual({ id: wang, displayName: "王小明", phone: "138****5678", frozen: false });
    }
  });

  it("finds by part of a number (3 digits or more), numbers starting with it first", async () => {
    // Neither number starts with these digits: equally good, newest first (both made in this setup).
    expect((await names("12345678")).sort()).toEqual(["李雷", "王小明"]);
    expect((await names("1381234"))).toEqual(expect.arrayContaining(["王小明", "Ann_50%"]));
    expect((await names("5678")).sort()).toEqual(["李雷", "王小明"]);
    expect(await names("13")).toEqual([]); // too few digits to be a number, and no name has them
  });

  it("finds by part of a name, case-insensitive, names starting with it first; LIKE wildcards are plain text", async () => {
    expect(await names("王")).toEqual(["王小明", "小王子"]);
    expect(await names("ann")).toEqual(["Ann_50%"]);
    expect(await names("%")).toEqual(["Ann_50%"]);
    expect(await names("_")).toEqual(["Ann_50%"]);
    expect(await names("   ")).toEqual([]);
  });

  it("lists shoppers only, never staff", async () => {
    expect(await names("王经理")).toEqual([]);
    expect(await names("13712345678")).toEqual([]);
  });

  it("never returns more than the limit, nor more than USER_SEARCH_MAX", async () => {
    expect(await search("批量", 5)).toHaveLength(5);
    expect(await search("批量", 1000)).toHaveLength(USER_SEARCH_MAX);
  });
});

describe("admin.user.search", () => {
  it("answers every staff role that may read users, refuses shoppers and the signed-out, and caps the limit", async () => {
    for (const role of ["owner", "operator", "finance", "support"] as const) {
      const u = await createUser(t.db, { role });
      const found = await callerFor(t.db, clock, { id: u.id, role }).admin.user.search({ query: "王小明" });
      expect(found.map((f) => f.id)).toEqual([wang]);
    }
    const shopper = await createUser(t.db);
    expect((await catchTrpc(() => callerFor(t.db, clock, { id: shopper.id, role: "shopper" }).admin.user.search({ query: "王" }))).trpcCode).toBe("FORBIDDEN");
    expect((await catchTrpc(() => callerFor(t.db, clock, null).admin.user.search({ query: "王" }))).trpcCode).toBe("UNAUTHORIZED");
    const owner = await createUser(t.db, { role: "owner" });
    expect((await catchTrpc(() => callerFor(t.db, clock, { id: owner.id, role: "owner" }).admin.user.search({ query: "王", limit: USER_SEARCH_MAX + 1 }))).trpcCode).toBe("BAD_REQUEST");
  });
});
