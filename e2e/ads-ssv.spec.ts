import { generateKeyPairSync, sign } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { sql } from "drizzle-orm";
import { createDb } from "../db/client";
import { pangleSign } from "../server/domain/ads/ssv/pangle";
import { DEMO, signInThroughForm } from "./helpers/accounts";

/**
 * Ad networks' reward callbacks through real HTTP against `next start` (docs/ads.md): the route must
 * hand the adapters the query string exactly as it arrived, so an AdMob callback whose custom_data
 * is percent-encoded JSON with a space verifies, and a Pangle one answers {"isValid"} with 200.
 * The test plays the networks: its own P-256 key, served from a local HTTP server as the key URL.
 */
const PANGLE_KEY = "e2e-pangle-app-security-key";
const KEY_ID = "18446744073709551557"; // above 2^53: a string all the way
const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
let keyServer: Server;
let keyUrl = "";

async function withDb<T>(fn: (db: ReturnType<typeof createDb>["db"]) => Promise<T>): Promise<T> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set");
  const handle = createDb(url, { max: 1 });
  try {
    return await fn(handle.db);
  } finally {
    await handle.close();
  }
}

test.beforeAll(async () => {
  const doc = `{"keys":[{"keyId":${KEY_ID},"base64":"${publicKey.export({ type: "spki", format: "der" }).toString("base64")}"}]}`;
  keyServer = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(doc));
  await new Promise<void>((resolve) => keyServer.listen(0, "127.0.0.1", resolve));
  keyUrl = `http://127.0.0.1:${(keyServer.address() as AddressInfo).port}/verifier-keys.json`;
  // The networks as an operator would have configured them in the console (广告联盟).
  await withDb((db) =>
    db.execute(sql`
      INSERT INTO ad_networks (network, enabled, secret, key_url, revenue_per_view_fen, updated_at)
      VALUES ('pangle', true, ${PANGLE_KEY}, '', 0, now()), ('admob', true, '', ${keyUrl}, 0, now())
      ON CONFLICT (network) DO UPDATE SET enabled = true, secret = excluded.secret, key_url = excluded.key_url`),
  );
});
test.afterAll(async () => {
  await withDb((db) => db.execute(sql`UPDATE ad_networks SET enabled = false WHERE network IN ('pangle', 'admob')`));
  await new Promise((resolve) => keyServer.close(resolve));
});

/** A tRPC mutation as the signed-in page would send it (superjson body, our Origin). */
async function mutate<T>(request: APIRequestContext, baseURL: string, path: string, input: unknown): Promise<T> {
  const res = await request.post(`/api/trpc/${path}`, { data: { json: input }, headers: { origin: baseURL, "content-type": "application/json" } });
  const body = (await res.json()) as { result?: { data: { json: T } }; error?: unknown };
  if (!body.result) throw new Error(`${path}: ${JSON.stringify(body.error)}`);
  return body.result.data.json;
}

test("network callbacks over HTTP: AdMob with percent-encoded JSON custom data and a big key id, Pangle; copies credit once", async ({ page, baseURL }) => {
  const base = baseURL ?? "";
  // 李雷 has mall points (seeded) and no set today; the app shell asks our server for a view nonce.
  await signInThroughForm(page, DEMO.liLei);
  await page.waitForURL("**/me");
  // The pages issued this browser's device id before any API call, so the calls racing out of /me
  // and the ones below all name the same device (per-answer ids made the set look foreign).
  const deviceBefore = (await page.context().cookies()).find((c) => c.name === "pinpin_device")?.value;
  expect(deviceBefore).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
  const set = await mutate<{ setId: string }>(page.request, base, "ads.startSet", null);
  const admobView = await mutate<{ nonce: string }>(page.request, base, "ads.openView", { setId: set.setId, network: "admob" });
  const userId = await withDb(async (db) => (await db.execute<{ id: string }>(sql`SELECT id FROM users WHERE phone = ${DEMO.liLei}`))[0]?.id ?? "");

  const content = [
    ["ad_network", "5450213213286189855"],
    ["ad_unit", "1234567890"],
    ["custom_data", encodeURIComponent(JSON.stringify({ nonce: admobView.nonce, note: "a space" }))],
    ["reward_amount", "1"],
    ["reward_item", "cash"],
    ["timestamp", String(Date.now() * 1000)],
    ["transaction_id", `e2e-${Date.now()}`],
    ["user_id", userId],
  ]
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const signature = sign("sha256", Buffer.from(content), { key: privateKey, dsaEncoding: "der" }).toString("base64url");
  const admobUrl = `/api/ads/ssv/admob?${content}&signature=${signature}&key_id=${KEY_ID}`;
  const first = await page.request.get(admobUrl);
  expect(first.status()).toBe(200);
  expect(await first.json()).toEqual({ isValid: true });
  // Networks send copies: each is answered the same and credits nothing more.
  for (let i = 0; i < 2; i++) expect(await (await page.request.get(admobUrl)).json()).toEqual({ isValid: true });
  // A flipped byte of the signed part is refused.
  const forged = await page.request.get(admobUrl.replace("reward_amount=1", "reward_amount=9"));
  expect(forged.status()).toBe(403);

  const pangleView = await mutate<{ nonce: string }>(page.request, base, "ads.openView", { setId: set.setId, network: "pangle" });
  const transId = `p-${Date.now()}`;
  const pangleUrl = `/api/ads/ssv/pangle?user_id=${userId}&trans_id=${transId}&reward_amount=1&reward_name=cash&extra=${pangleView.nonce}&sign=${pangleSign(PANGLE_KEY, transId)}`;
  expect(await (await page.request.get(pangleUrl)).json()).toEqual({ isValid: true });
  const badSign = await page.request.get(pangleUrl.replace(/sign=[0-9a-f]/, (m) => (m.endsWith("0") ? "sign=1" : "sign=0")));
  expect(badSign.status()).toBe(200);
  expect(await badSign.json()).toEqual({ isValid: false });

  // Two views counted, once each.
  const views = await withDb((db) => db.execute<{ network: string; status: string }>(sql`SELECT network, status FROM ad_views WHERE set_id = ${set.setId} ORDER BY opened_at`));
  expect(views.map((v) => `${v.network}:${v.status}`)).toEqual(["admob:completed", "pangle:completed"]);
  const [row] = await withDb((db) => db.execute<{ views_done: number }>(sql`SELECT views_done FROM ad_sets WHERE id = ${set.setId}`));
  expect(row?.views_done).toBe(2);
  expect((await page.context().cookies()).find((c) => c.name === "pinpin_device")?.value).toBe(deviceBefore);
});
