import type { DestinationKind } from "@/db/schema";
import { maskPhone } from "../auth/phone";
import { cleanTextOrNull } from "../shared/clean-text";
import { DomainError } from "../shared/errors";
import { isBankCode, type BankCode } from "./banks";

export interface DestinationInput {
  kind: DestinationKind;
  account: string;
  bankCode?: string | null;
  holderName: string;
}

export interface ValidDestination {
  kind: DestinationKind;
  account: string;
  bankCode: BankCode | null;
  holderName: string;
}

/** What anyone but finance sees of a destination: the kind, the bank, a masked account and name. */
export interface MaskedDestination {
  kind: DestinationKind;
  bankCode: string | null;
  account: string;
  holderName: string;
}

const EMAIL = /^[a-z0-9._%+-]{1,64}@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/;
/** An openid as WeChat issues it. */
const OPENID = /^[A-Za-z0-9_-]{6,64}$/;
/** Chinese bank cards (UnionPay and the others issued there) run from 15 to 19 digits. */
const CARD_DIGITS = /^\d{15,19}$/;

/** The Luhn check digit test every bank card number passes. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** An Alipay account: a mainland mobile number (+86 and spaces tolerated) or an email, lower-cased. */
function alipayAccount(input: string): string | null {
  const compact = input.replace(/[\s-]/g, "");
  const phone = compact.replace(/^\+?86(?=1\d{10}$)/, "");
  if (/^1[3-9]\d{9}$/.test(phone)) return phone;
  const email = input.trim().toLowerCase();
  return email.length <= 100 && EMAIL.test(email) ? email : null;
}

/**
 * Checks and normalises a destination a shopper typed (spec §8): Alipay takes a mobile number or an
 * email; a bank card takes 15–19 digits (spaces allowed) passing the Luhn check and a bank from the
 * list; WeChat takes the shopper's openid (filled in by the server); the holder's name is 2–30
 * characters of clean text. Each refusal names its field.
 */
export function validateDestination(input: DestinationInput): ValidDestination {
  const holderName = cleanTextOrNull(input.holderName, { min: 2, max: 30 });
  if (input.kind === "wechat") {
    // The openid comes from WeChat's sign-in, never from the form (destinations.ts reads it).
    if (!OPENID.test(input.account)) throw new DomainError("DESTINATION_WECHAT_SIGN_IN", { field: "account" });
    if (holderName === null) throw new DomainError("DESTINATION_NAME_INVALID", { field: "holderName" });
    return { kind: "wechat", account: input.account, bankCode: null, holderName };
  }
  if (input.kind === "alipay") {
    const account = alipayAccount(input.account);
    if (!account) throw new DomainError("DESTINATION_ALIPAY_INVALID", { field: "account" });
    if (holderName === null) throw new DomainError("DESTINATION_NAME_INVALID", { field: "holderName" });
    return { kind: "alipay", account, bankCode: null, holderName };
  }
  if (!input.bankCode || !isBankCode(input.bankCode)) throw new DomainError("DESTINATION_BANK_UNKNOWN", { field: "bankCode" });
  const digits = input.account.replace(/[\s-]/g, "");
  if (!CARD_DIGITS.test(digits) || !luhnValid(digits)) throw new DomainError("DESTINATION_CARD_INVALID", { field: "account" });
  if (holderName === null) throw new DomainError("DESTINATION_NAME_INVALID", { field: "holderName" });
  return { kind: "bank_card", account: digits, bankCode: input.bankCode, holderName };
}

/** a***@example.com: the first character of the local part and the whole domain. */
function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}

/** 138****0000, a***@example.com, **** 1234 (a card's last four), oAbc****wxyz (an openid's ends). */
export function maskAccount(kind: DestinationKind, account: string): string {
  if (kind === "bank_card") return `**** ${account.slice(-4)}`;
  if (kind === "wechat") return `${account.slice(0, 4)}****${account.slice(-4)}`;
  return account.includes("@") ? maskEmail(account) : maskPhone(account);
}

/** 王*, 欧阳**, J*** (every character after the first hidden). */
export function maskName(name: string): string {
  const chars = [...name];
  return `${chars[0] ?? ""}${"*".repeat(Math.max(1, chars.length - 1))}`;
}

export function maskDestination(d: { kind: DestinationKind; account: string; bankCode: string | null; holderName: string }): MaskedDestination {
  return { kind: d.kind, bankCode: d.bankCode, account: maskAccount(d.kind, d.account), holderName: maskName(d.holderName) };
}
