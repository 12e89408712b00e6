import { expect, test, type Page } from "@playwright/test";
import { sql } from "drizzle-orm";
import { createDb } from "../db/client";
import { DEMO, signInThroughForm } from "./helpers/accounts";

/**
 * Every page under the Content-Security-Policy (SECURITY.md): each answer carries the policy with a
 * fresh nonce and the framing and sniffing headers; every script in the HTML carries the nonce; and
 * every shopper and console page loads in the browser with no console error (a blocked script or
 * style would log one).
 */
async function ids() {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set");
  const handle = createDb(url, { max: 1 });
  try {
    const one = async (q: ReturnType<typeof sql>) => ((await handle.db.execute<{ id: string }>(q))[0]?.id ?? null);
    return {
      activity: await one(sql`SELECT id FROM activities WHERE status = 'active' ORDER BY created_at LIMIT 1`),
      group: await one(sql`SELECT id FROM groups ORDER BY status = 'drawn' DESC, id LIMIT 1`),
      product: await one(sql`SELECT id FROM products WHERE on_sale ORDER BY id LIMIT 1`),
      order: await one(sql`SELECT o.id FROM orders o JOIN users u ON u.id = o.user_id WHERE u.phone = ${DEMO.wangFang} ORDER BY o.created_at LIMIT 1`),
    };
  } finally {
    await handle.close();
  }
}

function expectSecurityHeaders(res: { headers(): Record<string, string> } | null, path: string): string {
  expect(res, path).not.toBeNull();
  const h = res!.headers();
  const csp = h["content-security-policy"] ?? "";
  expect(csp, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'(;|$)/);
  expect(csp, path).toContain("frame-ancestors 'none'");
  expect(csp, path).not.toContain("unsafe-eval");
  expect(h["x-frame-options"], path).toBe("DENY");
  expect(h["x-content-type-options"], path).toBe("nosniff");
  expect(h["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
  expect(h["permissions-policy"], path).toContain("camera=()");
  return /'nonce-([^']+)'/.exec(csp)?.[1] ?? "";
}

/** Visits each path and fails on any console error or uncaught exception on any of them. */
async function visitAll(page: Page, paths: string[]): Promise<void> {
  const errors: string[] = [];
  let current = "";
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(`${current}: ${msg.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`${current}: ${e.message}`));
  for (const path of paths) {
    current = path;
    const res = await page.goto(path);
    expectSecurityHeaders(res, path);
    await page.waitForLoadState("networkidle");
  }
  expect(errors).toEqual([]);
}

test("the HTML's every script carries this answer's nonce, a new one each time, and the API is not frameable either", async ({ request }) => {
  const first = await request.get("/store");
  const nonce = expectSecurityHeaders(first, "/store");
  const html = await first.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  const again = expectSecurityHeaders(await request.get("/store"), "/store");
  expect(again).not.toBe(nonce);
  const api = await request.get("/api/trpc/health.ping");
  expect(api.headers()["x-frame-options"]).toBe("DENY");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
});

test("every shopper page works under the policy", async ({ page }) => {
  test.setTimeout(240_000);
  const id = await ids();
  await visitAll(page, ["/", "/login", "/signup", "/store"]);
  await signInThroughForm(page, DEMO.wangFang);
  await page.waitForURL("**/me");
  await visitAll(page, [
    "/",
    ...(id.activity ? [`/activities/${id.activity}`] : []),
    ...(id.group ? [`/groups/${id.group}`, `/groups/${id.group}/verify`] : []),
    "/store",
    ...(id.product ? [`/store/products/${id.product}`] : []),
    "/cart",
    "/mall",
    "/earn",
    "/pool",
    "/wallet",
    "/wallet/topup",
    "/wallet/withdraw",
    "/me",
    "/me/entries",
    "/referral",
    "/notifications",
    "/orders",
    ...(id.order ? [`/orders/${id.order}`] : []),
    "/addresses",
  ]);
});

test("every console page works under the policy", async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  const id = await ids();
  await visitAll(page, ["/admin/login"]);
  await signInThroughForm(page, DEMO.owner, { path: "/admin/login" });
  await page.waitForURL(/\/admin$/);
  await visitAll(page, [
    "/admin",
    "/admin/activities",
    "/admin/activities/new",
    ...(id.activity ? [`/admin/activities/${id.activity}`] : []),
    "/admin/groups",
    "/admin/products",
    "/admin/orders",
    "/admin/mall",
    "/admin/users",
    "/admin/withdrawals",
    "/admin/payments",
    "/admin/settlement",
    "/admin/pool",
    "/admin/ads",
    "/admin/ads/advertisers",
    "/admin/ads/networks",
    "/admin/ads/report",
    "/admin/ads/rules",
    "/admin/settings",
    "/admin/audit",
  ]);
});
