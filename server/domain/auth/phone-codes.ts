import "server-only";
import { createHash, randomInt, randomUUID, timingSafeEqual } from "node:crypto";
import { and, count, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { phoneCodes, users, type PhoneCodePurpose } from "@/db/schema";
import type { Locale } from "../../i18n/locales";
import type { SmsProvider } from "../../sms/sms-provider";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";
import { retryParams } from "./sign-in-throttle";
import { normalizePhone } from "./phone";

/** A code lives 5 minutes, takes 5 wrong tries, and a number gets one a minute and 5 an hour; a source 20 an hour. */
export const CODE_TTL_MS = 5 * 60_000;
export const CODE_MAX_WRONG_TRIES = 5;
export const CODE_RESEND_MS = 60_000;
export const CODES_PER_NUMBER_PER_HOUR = 5;
export const CODES_PER_SOURCE_PER_HOUR = 20;
const HOUR = 3_600_000;

function hashCode(id: string, code: string): string {
  return createHash("sha256").update(`${id}:${code}`).digest("hex");
}

/**
 * Texts a one-time code to prove a number is yours. The answer never says whether the number has an
 * account: sign-up for a registered number texts its owner that it is registered (no code), a reset
 * for an unknown number texts nothing; both count against the limits like any other request.
 */
export async function requestPhoneCode(
  tx: DbOrTx,
  clock: Clock,
  sms: SmsProvider,
  input: { phone: string; purpose: PhoneCodePurpose; ip: string; locale: Locale },
): Promise<{ resendAfterSeconds: number }> {
  const phone = normalizePhone(input.phone);
  const now = clock.now();
  // Requests for one number, and from one source, queue behind each other: the limits hold under bursts.
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${"phone-code:" + phone}, 0))`);
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${"phone-code-ip:" + input.ip}, 0))`);
  const hourAgo = new Date(now.getTime() - HOUR);
  const [latest] = await tx.select({ createdAt: phoneCodes.createdAt }).from(phoneCodes).where(eq(phoneCodes.phone, phone)).orderBy(desc(phoneCodes.createdAt)).limit(1);
  if (latest && now.getTime() - latest.createdAt.getTime() < CODE_RESEND_MS) throw new DomainError("RATE_LIMITED", retryParams(latest.createdAt.getTime() + CODE_RESEND_MS - now.getTime()));
  const [perNumber] = await tx.select({ n: count(), first: sql<Date>`min(${phoneCodes.createdAt})` }).from(phoneCodes).where(and(eq(phoneCodes.phone, phone), gt(phoneCodes.createdAt, hourAgo)));
  if (perNumber && perNumber.n >= CODES_PER_NUMBER_PER_HOUR) throw new DomainError("RATE_LIMITED", retryParams(new Date(perNumber.first).getTime() + HOUR - now.getTime()));
  const [perSource] = await tx.select({ n: count(), first: sql<Date>`min(${phoneCodes.createdAt})` }).from(phoneCodes).where(and(eq(phoneCodes.ip, input.ip), gt(phoneCodes.createdAt, hourAgo)));
  if (perSource && perSource.n >= CODES_PER_SOURCE_PER_HOUR) throw new DomainError("RATE_LIMITED", retryParams(new Date(perSource.first).getTime() + HOUR - now.getTime()));

  const [account] = await tx.select({ id: users.id }).from(users).where(eq(users.phone, phone));
  const id = randomUUID();
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  await tx.insert(phoneCodes).values({ id, phone, purpose: input.purpose, codeHash: hashCode(id, code), ip: input.ip, createdAt: now, expiresAt: new Date(now.getTime() + CODE_TTL_MS) });
  if (input.purpose === "signup" && account) await sms.send({ phone, locale: input.locale, template: "already_registered" });
  else if (input.purpose === "signup" || account) await sms.send({ phone, locale: input.locale, template: "verification_code", code, minutes: CODE_TTL_MS / 60_000 });
  return { resendAfterSeconds: CODE_RESEND_MS / 1000 };
}

export type WithCode<T> = { ok: true; value: T } | { ok: false; error: DomainError };

/**
 * Runs `then` if `code` is the number's latest live code for `purpose`, consuming it. A wrong code
 * costs one of its tries and is *returned*, not thrown, so the caller's transaction commits the try
 * and throws after; if `then` throws, the whole transaction (and the consumption) rolls back, so the
 * code can be used again once the problem is fixed.
 */
export async function withPhoneCode<T>(tx: DbOrTx, clock: Clock, input: { phone: string; purpose: PhoneCodePurpose; code: string }, then: (phone: string) => Promise<T>): Promise<WithCode<T>> {
  const phone = normalizePhone(input.phone);
  const now = clock.now();
  const [row] = await tx
    .select()
    .from(phoneCodes)
    .where(and(eq(phoneCodes.phone, phone), eq(phoneCodes.purpose, input.purpose), isNull(phoneCodes.consumedAt), gt(phoneCodes.expiresAt, now)))
    .orderBy(desc(phoneCodes.createdAt))
    .limit(1)
    .for("update");
  const invalid = { ok: false as const, error: new DomainError("CODE_INVALID") };
  if (!row || row.wrongTries >= CODE_MAX_WRONG_TRIES) return invalid;
  const given = Buffer.from(hashCode(row.id, input.code.trim()));
  if (!/^\d{6}$/.test(input.code.trim()) || !timingSafeEqual(given, Buffer.from(row.codeHash))) {
    await tx.update(phoneCodes).set({ wrongTries: sql`${phoneCodes.wrongTries} + 1` }).where(eq(phoneCodes.id, row.id));
    return invalid;
  }
  await tx.update(phoneCodes).set({ consumedAt: now }).where(eq(phoneCodes.id, row.id));
  return { ok: true, value: await then(phone) };
}
