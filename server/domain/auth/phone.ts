import { DomainError } from "../shared/errors";

/** Mainland China mobile numbers: 11 digits starting 1[3-9]; "+86", spaces and dashes are tolerated. Null when it is not one. */
export function mainlandMobileDigits(input: string): string | null {
  const digits = input.replace(/[\s-]/g, "").replace(/^\+?86/, "");
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

/** The number as stored, or INVALID_PHONE. */
export function normalizePhone(input: string): string {
  const digits = mainlandMobileDigits(input);
  if (digits === null) throw new DomainError("INVALID_PHONE");
  return digits;
}

/** 138****0000: how a number is shown to anyone but its owner. */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : "****";
}
