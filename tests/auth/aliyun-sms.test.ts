import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { phoneCodes, sandboxSms, users } from "@/db/schema";
import { FixedClock } from "@/server/domain/shared/clock";
import { smsConfig } from "@/server/env";
import { aliyunSmsProvider } from "@/server/sms/aliyun-sms";
import { callerFor, catchTrpc } from "../helpers/api-caller";
import { createUser, nextPhone } from "../helpers/factories";
import { randomIp } from "../helpers/phone-code";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { startAliyunSmsStandIn, type AliyunSmsStandIn } from "../support/stand-ins/aliyun-sms";

/** One-time codes through Aliyun SMS (SMS_PROVIDER=aliyun), sent by the official SDK to a stand-in that checks requests as Aliyun does. */
let t: TestDb;
let aliyun: AliyunSmsStandIn;
const PASSWORD = "secret123";

function configure(over: Record<string, string> = {}) {
  Object.assign(process.env, {
    SMS_PROVIDER: "aliyun",
    ALIYUN_SMS_ACCESS_KEY_ID: aliyun.accessKeyId,
    ALIYUN_SMS_ACCESS_KEY_SECRET: aliyun.accessKeySecret,
    ALIYUN_SMS_SIGN_NAME: aliyun.signName,
    ALIYUN_SMS_TEMPLATE_CODE: aliyun.templates.code,
    ALIYUN_SMS_REGISTERED_TEMPLATE_CODE: aliyun.templates.registered,
    ALIYUN_SMS_ENDPOINT: aliyun.url,
    ...over,
  });
}

beforeAll(async () => {
  t = await createTestDb();
  aliyun = await startAliyunSmsStandIn();
});
beforeEach(() => configure());
afterAll(async () => {
  delete process.env.SMS_PROVIDER;
  await aliyun.close();
  await t.drop();
});

const anon = (clock: FixedClock, locale: "zh-CN" | "en" = "zh-CN") => callerFor(t.db, clock, null, { ip: randomIp(), locale });
const codesFor = async (phone: string) => (await t.db.select({ n: count() }).from(phoneCodes).where(eq(phoneCodes.phone, phone)))[0]!.n;
const lastTo = (phone: string) => aliyun.sent.filter((m) => m.phone === phone).at(-1);

describe("Aliyun SMS", () => {
  it("texts the code through Aliyun's code template and signature; the texted code signs the shopper up; nothing goes to the sandbox", async () => {
    const clock = new FixedClock("2026-12-01T01:00:00Z");
    const phone = nextPhone();
    expect(await anon(clock).auth.requestCode({ phone, purpose: "signup" })).toEqual({ resendAfterSeconds: 60 });
    const sent = lastTo(phone);
    expect(sent).toEqual({ phone, signName: "拼拼", templateCode: aliyun.templates.code, params: { code: expect.stringMatching(/^\d{6}$/) } });
    await anon(clock).auth.signUp({ phone, code: sent!.params!.code!, password: PASSWORD });
    expect((await t.db.select({ n: count() }).from(users).where(eq(users.phone, phone)))[0]!.n).toBe(1);
    expect(await t.db.select().from(sandboxSms).where(eq(sandboxSms.phone, phone))).toEqual([]);
  });

  it("a sign-up code for a registered number texts the owner the notice template, without a code", async () => {
    const clock = new FixedClock("2026-12-01T02:00:00Z");
    const owner = await createUser(t.db);
    await anon(clock).auth.requestCode({ phone: owner.phone, purpose: "signup" });
    expect(lastTo(owner.phone)).toEqual({ phone: owner.phone, signName: "拼拼", templateCode: aliyun.templates.registered, params: null });
  });

  it("a refusal from Aliyun (business limit, HTTP 200) is a translated, retryable error; no code is stored or spent, and asking again at once works", async () => {
    const clock = new FixedClock("2026-12-01T03:00:00Z");
    const phone = nextPhone();
    aliyun.failNext({ status: 200, code: "isv.BUSINESS_LIMIT_CONTROL" });
    const zh = await catchTrpc(() => anon(clock).auth.requestCode({ phone, purpose: "signup" }));
    expect(zh).toMatchObject({ trpcCode: "SERVICE_UNAVAILABLE", domainCode: "SMS_SEND_FAILED", message: "短信发送失败，请稍后重试" });
    expect(await codesFor(phone)).toBe(0);
    // No resend wait was started: the shopper's next tap sends.
    await anon(clock).auth.requestCode({ phone, purpose: "signup" });
    expect(await codesFor(phone)).toBe(1);
    expect(lastTo(phone)?.templateCode).toBe(aliyun.templates.code);
  });

  it("an HTTP error or an unreachable endpoint is the same error, in the shopper's language", async () => {
    const clock = new FixedClock("2026-12-01T04:00:00Z");
    const phone = nextPhone();
    aliyun.failNext({ status: 503, code: "ServiceUnavailable" });
    expect(await catchTrpc(() => anon(clock, "en").auth.requestCode({ phone, purpose: "signup" }))).toMatchObject({
      domainCode: "SMS_SEND_FAILED",
      message: "We couldn't send the text message. Please try again in a moment.",
    });
    configure({ ALIYUN_SMS_ENDPOINT: "http://127.0.0.1:9" });
    expect((await catchTrpc(() => anon(clock).auth.requestCode({ phone, purpose: "signup" }))).domainCode).toBe("SMS_SEND_FAILED");
    expect(await codesFor(phone)).toBe(0);
  });

  it("the stand-in refuses a request signed with another secret, an unknown template or another signature name", async () => {
    const phone = nextPhone();
    const base = smsConfig(process.env);
    if (base.provider !== "aliyun") throw new Error("configured above");
    const send = (over: Partial<typeof base.aliyun>) => aliyunSmsProvider({ ...base.aliyun, ...over }).send({ phone, locale: "zh-CN", template: "verification_code", code: "123456", minutes: 5 });
    await expect(send({ ALIYUN_SMS_ACCESS_KEY_SECRET: `${aliyun.accessKeySecret}x` })).rejects.toMatchObject({ code: "SMS_SEND_FAILED" });
    expect(aliyun.outcomes.at(-1)).toBe("SignatureDoesNotMatch");
    await expect(send({ ALIYUN_SMS_TEMPLATE_CODE: "SMS_1" })).rejects.toMatchObject({ code: "SMS_SEND_FAILED" });
    expect(aliyun.outcomes.at(-1)).toBe("isv.SMS_TEMPLATE_ILLEGAL");
    await expect(send({ ALIYUN_SMS_SIGN_NAME: "别家" })).rejects.toMatchObject({ code: "SMS_SEND_FAILED" });
    expect(aliyun.outcomes.at(-1)).toBe("isv.SMS_SIGNATURE_ILLEGAL");
    await send({});
    expect(aliyun.outcomes.at(-1)).toBe("OK");
  });

  it("SMS_PROVIDER=aliyun without its settings stops start-up naming each missing one", () => {
    expect(() => smsConfig({ SMS_PROVIDER: "aliyun", ALIYUN_SMS_ACCESS_KEY_ID: "LTAI5t", ALIYUN_SMS_TEMPLATE_CODE: "1234" })).toThrow(
      /ALIYUN_SMS_ACCESS_KEY_SECRET[\s\S]*ALIYUN_SMS_SIGN_NAME[\s\S]*ALIYUN_SMS_TEMPLATE_CODE: an approved template code[\s\S]*ALIYUN_SMS_REGISTERED_TEMPLATE_CODE/,
    );
    expect(() => smsConfig({ SMS_PROVIDER: "tencent" })).toThrow();
    expect(smsConfig({})).toEqual({ provider: "sandbox" });
  });
});
