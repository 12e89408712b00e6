import type { Page } from "@playwright/test";

/** Demo accounts from scripts/seed/seed.ts (the app under test is freshly seeded). */
export const DEMO_PASSWORD = "pinpin123";
export const DEMO = {
  wangFang: "13800000001",
  liLei: "13800000002",
  zhangWei: "13800000004",
  zhaoMin: "13800000005",
  finance: "13900000003",
  owner: "13900000001",
  operator: "13900000002",
} as const;

/** A mobile number no seeded account uses, unique per run (the database keeps earlier runs' users). */
export function freshPhone(): string {
  return `137${String(Date.now()).slice(-8)}`;
}

export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(7)}`;
}

/** Signs in through the page's own form (zh-CN labels), on /login or /admin/login. */
export async function signInThroughForm(page: Page, phone: string, options: { path?: string; password?: string } = {}): Promise<void> {
  await page.goto(options.path ?? "/login");
  await page.getByLabel("手机号", { exact: true }).fill(phone);
  await page.getByLabel("密码", { exact: true }).fill(options.password ?? DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录", exact: true }).click();
}
