import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { luhnValid, maskAccount, maskDestination, maskName, validateDestination } from "@/server/domain/payouts/destination-format";
import { DomainError } from "@/server/domain/shared/errors";
import { luhnCard } from "../helpers/payout-fixtures";

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
    return "ok";
  } catch (e) {
    return e instanceof DomainError ? `${e.code}:${String(e.params.field)}` : String(e);
  }
};

describe("destination format", () => {
  it.each([
    ["13800138000", "13800138000"],
    ["+86 138 0013 8000", "13800138000"],
    ["138-0013-8000", "13800138000"],
    ["  Zhang.San@Example.COM ", "zhang.san@example.com"],
  ])("Alipay accepts %j as %j", (account, stored) => {
    expect(validateDestination({ kind: "alipay", account, holderName: "张三" })).toEqual({ kind: "alipay", account: stored, bankCode: null, holderName: "张三" });
  });

  it.each(["12800138000", "1380013800", "138001380001", "zhang@", "@example.com", "zhang san@example.com", "", "6222021234567890"])("Alipay refuses %j", (account) => {
    expect(codeOf(() => validateDestination({ kind: "alipay", account, holderName: "张三" }))).toBe("DESTINATION_ALIPAY_INVALID:account");
  });

  it("bank cards: 15–19 digits passing Luhn, spaces allowed, a bank from the list", () => {
    const card = luhnCard("622202", 19);
    expect(validateDestination({ kind: "bank_card", account: card.replace(/(\d{4})/g, "$1 "), bankCode: "ICBC", holderName: "李雷" })).toEqual({ kind: "bank_card", account: card, bankCode: "ICBC", holderName: "李雷" });
    expect(validateDestination({ kind: "bank_card", account: luhnCard("4", 16), bankCode: "CMB", holderName: "Li Lei" }).account).toHaveLength(16);
    // One digit off fails the check digit.
    const typo = card.slice(0, -1) + String((Number(card.at(-1)) + 1) % 10);
    expect(codeOf(() => validateDestination({ kind: "bank_card", account: typo, bankCode: "ICBC", holderName: "李雷" }))).toBe("DESTINATION_CARD_INVALID:account");
    // Too short or too long, even when the Luhn sum works out.
    expect(codeOf(() => validateDestination({ kind: "bank_card", account: luhnCard("6222", 14), bankCode: "ICBC", holderName: "李雷" }))).toBe("DESTINATION_CARD_INVALID:account");
    expect(codeOf(() => validateDestination({ kind: "bank_card", account: luhnCard("6222", 20), bankCode: "ICBC", holderName: "李雷" }))).toBe("DESTINATION_CARD_INVALID:account");
    expect(codeOf(() => validateDestination({ kind: "bank_card", account: "6222abcd12345678", bankCode: "ICBC", holderName: "李雷" }))).toBe("DESTINATION_CARD_INVALID:account");
    // A bank not on the list, or none.
    expect(codeOf(() => validateDestination({ kind: "bank_card", account: card, bankCode: "NOPE", holderName: "李雷" }))).toBe("DESTINATION_BANK_UNKNOWN:bankCode");
    expect(codeOf(() => validateDestination({ kind: "bank_card", account: card, holderName: "李雷" }))).toBe("DESTINATION_BANK_UNKNOWN:bankCode");
  });

  it("the holder's name: 2–30 characters of clean text", () => {
    for (const name of ["王", "", " ", "王\u202E芳", "a".repeat(31)]) {
      expect(codeOf(() => validateDestination({ kind: "alipay", account: "13800138000", holderName: name })), name).toBe("DESTINATION_NAME_INVALID:holderName");
    }
    expect(validateDestination({ kind: "alipay", account: "13800138000", holderName: " 欧阳 娜娜 " }).holderName).toBe("欧阳 娜娜");
  });

  it("Luhn: every valid number stays valid with its check digit, and any single changed digit breaks it", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{14,18}$/), fc.nat(), fc.integer({ min: 1, max: 9 }), (body, at, delta) => {
        const card = luhnCard(body, body.length + 1);
        expect(luhnValid(card)).toBe(true);
        const i = at % card.length;
        const changed = card.slice(0, i) + String((Number(card[i]) + delta) % 10) + card.slice(i + 1);
        expect(luhnValid(changed)).toBe(false);
      }),
    );
  });

  it("masks accounts and names: never more than the last four of a card, the middle of a number, the local part of an email", () => {
    expect(maskAccount("alipay", "13800138000")).toBe("138****8000");
    expect(maskAccount("alipay", "zhang.san@example.com")).toBe("z***@example.com");
    expect(maskAccount("bank_card", "6222021234567890123")).toBe("**** 0123");
    expect(maskName("王芳")).toBe("王*");
    expect(maskName("欧阳娜娜")).toBe("欧***");
    expect(maskDestination({ kind: "bank_card", account: "6222021234567890123", bankCode: "ICBC", holderName: "李雷" })).toEqual({ kind: "bank_card", bankCode: "ICBC", account: "**** 0123", holderName: "李*" });
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{15,19}$/), (card) => {
        const masked = maskAccount("bank_card", card);
        expect(masked.replace(/\D/g, "")).toBe(card.slice(-4));
      }),
    );
  });
});
