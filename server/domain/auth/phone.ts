import { DomainError } from "../shared/errors";

/** Mainland China mobile numbers: 11 digits starting 1[3-9]; "+86" and spaces are tolerated. */
export function normalizePhone(input: string): string {
  const digits = input.replace(/[\s-]/g, "").replace(/^\+?86/, "");
  if (!/^1[3-9]\d{9}$/.test(digits)) throw new DomainError("INVALID_PHONE");
  return digits;
}

/** 138****0000: how a number is shown to anyone but its owner. */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : "****";
}
