import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { readPosterSubject } from "@/server/domain/referrals/poster-subject";
import { FixedClock } from "@/server/domain/shared/clock";
import { posterText } from "@/server/og/image-text";
import { posterResponse, previewResponse } from "@/server/og/image-responses";
import { POSTER_SIZE } from "@/server/og/render-poster";
import { PREVIEW_SIZE } from "@/server/og/render-preview";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser } from "../helpers/factories";
import { groupFixtures, type TestActivity } from "../helpers/group-fixtures";
import { createProduct } from "../store/fixtures";

/** Spec §9: the share poster and the link-preview cards, drawn on the server as PNGs in zh-CN and en. */
let t: TestDb;
const clock = new FixedClock("2026-11-25T04:00:00Z");
const ORIGIN = "https://pinpin.example";
let me: { id: string; referralCode: string };
let other: { id: string; referralCode: string };
let activity: TestActivity;
let productId: string;

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
async function pngSize(res: Response): Promise<{ width: number; height: number; bytes: number }> {
  const buf = Buffer.from(await res.arrayBuffer());
  expect(buf.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  expect(buf.subarray(12, 16).toString("ascii")).toBe("IHDR");
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20), bytes: buf.length };
}

beforeAll(async () => {
  t = await createTestDb();
  const f = groupFixtures(t.db, clock);
  me = await createUser(t.db, { displayName: "王芳" });
  other = await createUser(t.db, { displayName: "欧阳娜娜" });
  activity = await f.makeActivity({ name: "iPhone 16 Pro 256G 拼团", priceFen: 9_900, groupSize: 10, winners: 3 });
  productId = (await createProduct(t.db, clock, { name: "云南小粒咖啡 500g", priceFen: 6_800 })).id;
});
afterAll(() => t.drop());

const session = () => ({ id: me.id, role: "shopper" as const });
const q = (o: Record<string, string>) => new URLSearchParams(o);

describe("share poster", () => {
  it.each(["zh-CN", "en"])("answers a %s PNG of 750×1334 with the chosen activity", async (locale) => {
    const res = await posterResponse(t.db, clock, session(), q({ locale, item: `activity:${activity.id}` }), ORIGIN);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    const size = await pngSize(res);
    expect([size.width, size.height]).toEqual([POSTER_SIZE.width, POSTER_SIZE.height]);
    expect(size.bytes).toBeGreaterThan(20_000);
  });

  it("draws a product, or no item, and offers a download", async () => {
    const product = await posterResponse(t.db, clock, session(), q({ item: `product:${productId}`, download: "1" }), ORIGIN);
    expect(product.headers.get("content-disposition")).toBe(`attachment; filename="pinpin-${me.referralCode}.png"`);
    expect(await pngSize(product)).toMatchObject(POSTER_SIZE);
    const none = await posterResponse(t.db, clock, session(), q({ item: "none" }), ORIGIN);
    expect(await pngSize(none)).toMatchObject(POSTER_SIZE);
  });

  it("the text fed to the renderer: platform, masked name, item with price, code and link", async () => {
    const subject = await readPosterSubject(t.db, clock, { code: me.referralCode, item: { kind: "activity", id: activity.id } });
    expect(posterText(subject, "zh-CN", `${ORIGIN}/r/${me.referralCode}`)).toEqual({
      brand: "拼拼",
      tagline: "全民拼购 · 规则公开 · 开奖可验证",
      invite: "王* 邀请你一起拼",
      itemLabel: "拼团活动",
      itemName: "iPhone 16 Pro 256G 拼团",
      price: "¥99.00",
      itemMeta: "10 人团 · 3 人中 · 不中全额退",
      noItem: null,
      scan: "长按识别二维码，注册即绑定",
      code: `邀请码 ${me.referralCode}`,
      url: `${ORIGIN}/r/${me.referralCode}`,
    });
    expect(posterText(subject, "en", `${ORIGIN}/r/${me.referralCode}`)).toMatchObject({ brand: "Pinpin", invite: "王* invites you to join", price: "¥99.00" });
  });

  it("a poster for another user's code shows their masked name only, never the full name", async () => {
    const subject = await readPosterSubject(t.db, clock, { code: other.referralCode });
    const text = posterText(subject, "zh-CN", `${ORIGIN}/r/${other.referralCode}`);
    expect(text.invite).toBe("欧*娜 邀请你一起拼");
    expect(JSON.stringify(text)).not.toContain("欧阳娜娜");
    expect(JSON.stringify(text)).not.toContain("王");
    // The default item is the first running activity.
    expect(text.itemName).toBe("iPhone 16 Pro 256G 拼团");
    const res = await posterResponse(t.db, clock, session(), q({ code: other.referralCode }), ORIGIN);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(await pngSize(res)).toMatchObject(POSTER_SIZE);
  });

  it("signed out → 401, staff → 403, bad item → 400, unknown code or item → 404", async () => {
    expect((await posterResponse(t.db, clock, null, q({}), ORIGIN)).status).toBe(401);
    const staff = await createUser(t.db, { role: "operator" });
    expect((await posterResponse(t.db, clock, { id: staff.id, role: "operator" }, q({}), ORIGIN)).status).toBe(403);
    expect((await posterResponse(t.db, clock, session(), q({ item: "activity:nope" }), ORIGIN)).status).toBe(400);
    expect((await posterResponse(t.db, clock, session(), q({ code: "ZZZZZZ" }), ORIGIN)).status).toBe(404);
    expect((await posterResponse(t.db, clock, session(), q({ item: `product:${activity.id}` }), ORIGIN)).status).toBe(404);
    // A frozen inviter's code binds nobody, so it gets no poster either.
    await t.db.update(users).set({ frozen: true }).where(sql`${users.id} = ${other.id}`);
    expect((await posterResponse(t.db, clock, session(), q({ code: other.referralCode }), ORIGIN)).status).toBe(404);
    await t.db.update(users).set({ frozen: false }).where(sql`${users.id} = ${other.id}`);
  });
});

describe("link preview cards (Open Graph images)", () => {
  it.each([
    ["invite", () => me.referralCode],
    ["activity", () => activity.id],
    ["product", () => productId],
  ] as const)("%s: a 1200×630 PNG in zh-CN and en, public", async (kind, id) => {
    for (const locale of ["zh-CN", "en"]) {
      const res = await previewResponse(t.db, clock, kind, id(), q({ locale }));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("image/png");
      expect(await pngSize(res)).toMatchObject(PREVIEW_SIZE);
    }
  });

  it("unknown kind, id or code → 404", async () => {
    expect((await previewResponse(t.db, clock, "user", me.id, q({}))).status).toBe(404);
    expect((await previewResponse(t.db, clock, "activity", "x", q({}))).status).toBe(404);
    expect((await previewResponse(t.db, clock, "product", activity.id, q({}))).status).toBe(404);
    expect((await previewResponse(t.db, clock, "invite", "ZZZZZZ", q({}))).status).toBe(404);
  });
});
