import { expect, type Page } from "@playwright/test";
import { desc, eq, isNotNull } from "drizzle-orm";
import { createDb } from "../../db/client";
import { phoneCodes, sandboxSms } from "../../db/schema";

/** The code in the newest sandbox text to a number, waiting for it to arrive (the test server's database). */
export async function textedCode(phone: string): Promise<string> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set");
  const handle = createDb(url, { max: 1 });
  try {
    let code: string | null = null;
    await expect
      .poll(async () => {
        const [row] = await handle.db.select({ body: sandboxSms.body }).from(sandboxSms).where(eq(sandboxSms.phone, phone)).orderBy(desc(sandboxSms.createdAt)).limit(1);
        code = row ? (/\b(\d{6})\b/.exec(row.body)?.[1] ?? null) : null;
        return code;
      })
      .not.toBeNull();
    return code as unknown as string;
  } finally {
    await handle.close();
  }
}

/**
 * Forgets the codes already used on the test server. Every spec asks for its codes from the same
 * address, and a source may ask for 20 an hour (server/domain/auth/phone-codes.ts, tested in
 * tests/auth/phone-codes.test.ts): the suite signs up more shoppers than that. Codes still waiting to
 * be used, which another spec may be typing in, are left alone.
 */
async function forgetUsedCodes(): Promise<void> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set");
  const handle = createDb(url, { max: 1 });
  try {
    await handle.db.delete(phoneCodes).where(isNotNull(phoneCodes.consumedAt));
  } finally {
    await handle.close();
  }
}

/** On a sign-up or reset form with the number filled in: asks for the code and types it in. */
export async function enterTextedCode(page: Page, phone: string): Promise<void> {
  await forgetUsedCodes();
  await page.getByRole("button", { name: "获取验证码" }).click();
  await expect(page.getByRole("button", { name: /秒后重发/ })).toBeVisible();
  await page.getByLabel("短信验证码").fill(await textedCode(phone));
}
