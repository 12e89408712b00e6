import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FixedClock } from "@/server/domain/shared/clock";
import { DomainError } from "@/server/domain/shared/errors";
import { readWechatOpenid, saveWechatOpenid } from "@/server/domain/users/wechat-openid";
import { matchOauthCookie, newOauthState, oauthCookieValue } from "@/server/http/wechat-oauth-state";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser } from "../helpers/factories";

let t: TestDb;
const clock = new FixedClock("2026-11-25T12:00:00Z");
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

describe("WeChat openids", () => {
  it("stores one openid per shopper and AppID, the latest sign-in replacing it", async () => {
    const a = await createUser(t.db);
    const b = await createUser(t.db);
    expect(await readWechatOpenid(t.db, a.id, "wx01")).toBeNull();
    await t.db.transaction((tx) => saveWechatOpenid(tx, clock, { userId: a.id, appId: "wx01", openid: "oAbc_123456" }));
    // Another of our accounts used from the same WeChat keeps its own row.
    await t.db.transaction((tx) => saveWechatOpenid(tx, clock, { userId: b.id, appId: "wx01", openid: "oAbc_123456" }));
    await t.db.transaction((tx) => saveWechatOpenid(tx, clock, { userId: a.id, appId: "wx01", openid: "oNew_654321" }));
    expect(await readWechatOpenid(t.db, a.id, "wx01")).toBe("oNew_654321");
    expect(await readWechatOpenid(t.db, b.id, "wx01")).toBe("oAbc_123456");
    expect(await readWechatOpenid(t.db, a.id, "wx02")).toBeNull();
    await expect(t.db.transaction((tx) => saveWechatOpenid(tx, clock, { userId: a.id, appId: "wx01", openid: "bad id!" }))).rejects.toBeInstanceOf(DomainError);
  });

  it("accepts WeChat's redirect only with the state this browser's cookie holds", () => {
    const state = newOauthState();
    const cookie = oauthCookieValue(state, "/pay/wechatpay/abc?x=1");
    expect(matchOauthCookie(cookie, state)).toBe("/pay/wechatpay/abc?x=1");
    expect(matchOauthCookie(cookie, newOauthState())).toBeNull();
    expect(matchOauthCookie(undefined, state)).toBeNull();
    expect(matchOauthCookie(cookie, null)).toBeNull();
  });
});
