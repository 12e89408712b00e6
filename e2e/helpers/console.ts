import type { Page } from "@playwright/test";
import { signInThroughForm } from "./accounts";

/** Signs a staff account in through the console's login form and waits for the dashboard. */
export async function signInToConsole(page: Page, phone: string): Promise<void> {
  await signInThroughForm(page, phone, { path: "/admin/login" });
  await page.waitForURL("**/admin");
}

/** "¥1,234.50" → 123450: read digit by digit, as the app does. */
export function fenOf(text: string): number {
  const m = /(-?)¥([\d,]+)\.(\d{2})/.exec(text);
  if (!m) throw new Error(`not an amount: ${text}`);
  return (m[1] ? -1 : 1) * (Number((m[2] ?? "").replace(/,/g, "")) * 100 + Number(m[3]));
}
