import type { Locale } from "../i18n/locales";

/** What the platform texts people. Each provider renders these with its own templates. */
export type SmsMessage =
  | { phone: string; locale: Locale; template: "verification_code"; code: string; minutes: number }
  /** Sign-up asked for a code for a number that already has an account: the owner is told, the page is not. */
  | { phone: string; locale: Locale; template: "already_registered" };

/** Sends a text. The sandbox provider (development, tests) keeps it where the local operator can read it. */
export interface SmsProvider {
  send(message: SmsMessage): Promise<void>;
}
