import { expect, test, type APIResponse } from "@playwright/test";
import { DEMO, signInThroughForm } from "./helpers/accounts";

/**
 * The route handlers (webhook, uploads, proof, images, SSE, sandbox cashier, posters) answer errors
 * in one shape: `{ error: { code, message } }`, the message in the caller's language, never a stack.
 */
async function expectError(res: APIResponse, status: number, code: string, message: RegExp): Promise<void> {
  expect(res.status(), res.url()).toBe(status);
  const text = await res.text();
  expect(text).not.toMatch(/\bat .+:\d+:\d+|node_modules|stack/i);
  const body = JSON.parse(text) as { error: { code: string; message: string } };
  expect(body.error.code, res.url()).toBe(code);
  expect(body.error.message, res.url()).toMatch(message);
}

test("route handlers answer errors with a code and a translated message, never a stack", async ({ page, baseURL }) => {
  const r = page.request;
  await expectError(await r.get("/api/images/not-a-file.png"), 404, "NOT_FOUND", /不存在|找不到/);
  await expectError(await r.get("/api/groups/not-a-group/proof"), 404, "NOT_FOUND", /不存在|找不到/);
  await expectError(await r.get("/api/groups/00000000-0000-4000-8000-000000000000/proof"), 404, "NOT_FOUND", /不存在|找不到/);
  await expectError(await r.get("/api/activities/not-an-activity/events"), 404, "NOT_FOUND", /不存在|找不到/);
  await expectError(await r.post("/api/webhooks/gateway", { data: "{}", headers: { "content-type": "application/json" } }), 401, "WEBHOOK_SIGNATURE_INVALID", /.+/);
  await expectError(await r.post("/api/sandbox-gateway/00000000-0000-4000-8000-000000000000/pay", { data: "{}", headers: { origin: baseURL ?? "" } }), 401, "UNAUTHENTICATED", /登录/);
  await expectError(await r.post("/api/admin/images", { multipart: { file: { name: "x.png", mimeType: "image/png", buffer: Buffer.from("x") } } }), 403, "ORIGIN_REJECTED", /.+/);
  await expectError(await r.get("/api/referral/poster"), 401, "UNAUTHENTICATED", /登录/);

  // A staff upload of something that is not an image says so (and only that), in the language they chose.
  await signInThroughForm(page, DEMO.owner, { path: "/admin/login" });
  await page.waitForURL(/\/admin$/);
  await page.context().addCookies([{ name: "NEXT_LOCALE", value: "en", url: baseURL ?? "" }]);
  await expectError(await r.get("/api/images/not-a-file.png"), 404, "NOT_FOUND", /not found|exist/i);
  await expectError(await r.post("/api/admin/images", { headers: { origin: baseURL ?? "" }, multipart: { file: { name: "x.png", mimeType: "image/png", buffer: Buffer.from("not an image at all") } } }), 400, "UPLOAD_NOT_IMAGE", /image/i);
  await expectError(await r.post("/api/admin/images", { headers: { origin: baseURL ?? "", "content-type": "text/plain" }, data: "garbage" }), 400, "UPLOAD_NOT_IMAGE", /image/i);
});
