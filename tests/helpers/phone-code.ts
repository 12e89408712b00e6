import { randomBytes } from "node:crypto";
import { desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { sandboxSms, type PhoneCodePurpose } from "@/db/schema";
import { normalizePhone } from "@/server/domain/auth/phone";
import type { Clock } from "@/server/domain/shared/clock";
import type { Locale } from "@/server/i18n/locales";
import { callerFor } from "./api-caller";

/** The code in the latest text the sandbox SMS provider "sent" to a number, or null. */
export async function lastTextedCode(db: Db, phone: string): Promise<string | null> {
  const [row] = await db.select({ body: sandboxSms.body }).from(sandboxSms).where(eq(sandboxSms.phone, normalizePhone(phone))).orderBy(desc(sandboxSms.createdAt), desc(sandboxSms.id)).limit(1);
  return row ? (/\b(\d{6})\b/.exec(row.body)?.[1] ?? null) : null;
}

/** A source address of its own per call, so a file's many sign-ups stay under the per-source code limit. */
export function randomIp(): string {
  const b = randomBytes(3);
  return `10.${b[0]}.${b[1]}.${b[2]}`;
}

/** Asks for a code through the public API and answers with it, as the sign-up form does. */
export async function codeFor(db: Db, clock: Clock, phone: string, purpose: PhoneCodePurpose = "signup", locale: Locale = "zh-CN"): Promise<string> {
  await callerFor(db, clock, null, { ip: randomIp(), locale }).auth.requestCode({ phone, purpose });
  return (await lastTextedCode(db, phone)) ?? "000000";
}

/** Sign-up through the public procedures, code included. */
export async function signUpThroughApi(db: Db, clock: Clock, input: { phone: string; password: string; referralCode?: string | null; locale?: Locale }) {
  const code = await codeFor(db, clock, input.phone, "signup", input.locale);
  return callerFor(db, clock, null, { ip: randomIp(), locale: input.locale ?? "zh-CN" }).auth.signUp({ phone: input.phone, code, password: input.password, referralCode: input.referralCode });
}
