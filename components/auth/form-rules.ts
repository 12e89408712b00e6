import { mainlandMobileDigits } from "@/server/domain/auth/phone";

/** What the sign-up and reset forms check before asking the server (which normalises and decides): the digits of a number as typed. */
export function phoneDigits(input: string): string {
  return input.replace(/[\s-]/g, "");
}

export function looksLikePhone(input: string): boolean {
  return mainlandMobileDigits(input) !== null;
}

/** The password rule as the form checks it before sending (server/domain/auth/password.ts decides). */
export function looksLikeStrongPassword(password: string): boolean {
  return password.length >= 8 && /[A-Za-z]/.test(password) && /\d/.test(password);
}
