import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTRPCClient, httpLink } from "@trpc/client";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createTranslator } from "next-intl";
import superjson from "superjson";
import en from "@/messages/en.json";
import zhCN from "@/messages/zh-CN.json";
import { appRouter, type AppRouter } from "@/server/api/root";
import { FixedClock } from "@/server/domain/shared/clock";
import { ADDRESS_FIELDS, AddressFieldsSchema } from "@/server/domain/store/address-rules";
import { SHIP_FIELDS, ShipFieldsSchema } from "@/server/domain/store/ship-rules";
import type { Locale } from "@/server/i18n/locales";
import { checkFields } from "@/components/errors/check-fields";
import { errorForField, type ValidationT } from "@/components/errors/read-error";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser } from "../helpers/factories";

let t: TestDb;
let userId: string;
const clock = new FixedClock("2026-11-25T04:00:00Z");
beforeAll(async () => {
  t = await createTestDb();
  userId = (await createUser(t.db)).id;
});
afterAll(() => t.drop());

/** The rule words as the page's translator gives them, in one locale. */
function rules(locale: Locale): ValidationT {
  const tr = createTranslator({ locale, messages: locale === "en" ? en : zhCN, namespace: "validation" });
  return (key, values) => tr(key, values);
}

/** A tRPC client of a shopper, over the app's real fetch handler (so the error formatter runs), in `locale`. */
function client(locale: Locale) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: "http://pinpin.test/api/trpc",
        transformer: superjson,
        fetch: (url, init) =>
          fetchRequestHandler({ endpoint: "/api/trpc", req: new Request(url, init as RequestInit), router: appRouter, createContext: () => ({ db: t.db, clock, session: { id: userId, role: "shopper" } as never, ip: "127.0.0.1", locale, deviceId: "test", userAgent: "" }) }),
      }),
    ],
  });
}

async function failure(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (e) {
    return e;
  }
  throw new Error("expected the call to fail");
}

const address = { recipient: "王芳", phone: "13800000001", region: "上海市 浦东新区", detail: "世纪大道 100 号", isDefault: true };

describe("field errors sit at their field, in the reader's language", () => {
  it("an empty address form names every field before anything is sent (zh-CN and en)", () => {
    const empty = { recipient: "", phone: "", region: "", detail: "" };
    expect(checkFields(AddressFieldsSchema, empty, ADDRESS_FIELDS, rules("zh-CN"))).toEqual({ recipient: "请填写这一项", phone: "请输入 11 位手机号", region: "请填写这一项", detail: "请填写这一项" });
    expect(checkFields(AddressFieldsSchema, empty, ADDRESS_FIELDS, rules("en"))).toEqual({ recipient: "Please fill this in", phone: "Enter an 11-digit mobile number", region: "Please fill this in", detail: "Please fill this in" });
    expect(checkFields(AddressFieldsSchema, { ...empty, recipient: "王".repeat(21), region: "沪" }, ["recipient", "region"] as const, rules("zh-CN"))).toEqual({ recipient: "最多 20 个字", region: "至少 2 个字" });
    expect(checkFields(AddressFieldsSchema, address, ADDRESS_FIELDS, rules("zh-CN"))).toEqual({});
  });

  it("an empty or malformed ship form names its fields", () => {
    expect(checkFields(ShipFieldsSchema, { carrier: " ", trackingNo: "" }, SHIP_FIELDS, rules("zh-CN"))).toEqual({ carrier: "请填写这一项", trackingNo: "请填写这一项" });
    expect(checkFields(ShipFieldsSchema, { carrier: "顺丰速运", trackingNo: "SF 12<" }, SHIP_FIELDS, rules("en"))).toEqual({ trackingNo: "A tracking number is 6–40 letters, digits or dashes" });
    expect(checkFields(ShipFieldsSchema, { carrier: "顺丰速运", trackingNo: "SF1400000002" }, SHIP_FIELDS, rules("en"))).toEqual({});
  });

  it("what the server refuses lands at the field: a zod issue by its path, a domain error by the field it names or its code", async () => {
    const form = { fields: ADDRESS_FIELDS, tv: rules("en") };
    const api = client("en");
    const tooLong = await failure(() => api.store.saveAddress.mutate({ ...address, recipient: "x".repeat(41) }));
    expect(errorForField(tooLong, { INVALID_PHONE: "phone" }, "offline", form)).toEqual({ recipient: "At most 40 characters" });
    const badRegion = await failure(() => api.store.saveAddress.mutate({ ...address, region: "x" }));
    expect(errorForField(badRegion, { INVALID_PHONE: "phone" }, "offline", form)).toEqual({ region: expect.stringMatching(/\S/) });
    const badPhone = await failure(() => client("zh-CN").store.saveAddress.mutate({ ...address, phone: "12345" }));
    expect(Object.keys(errorForField(badPhone, { INVALID_PHONE: "phone" }, "offline", form))).toEqual(["phone"]);
    // Nothing to place: the message goes above the button.
    expect(errorForField(new Error("socket closed"), { INVALID_PHONE: "phone" }, "offline", form)).toEqual({ form: "offline" });
  });
});
