/**
 * `npm run bench:pages`: what the shopper pages cost a phone. Starts `next start` (building first
 * only if the build is stale) on its own port and a fresh database, seeds a drawn group and a
 * partly filled open group with a signed-in shopper in it, then loads each page cold (fresh browser
 * context, empty cache, signed in) in Debian's chromium as a 390×844 phone with a mobile user agent,
 * the CPU slowed through CDP (Emulation.setCPUThrottlingRate) and a 4G-like network
 * (Network.emulateNetworkConditions). Prints, per page, the median and the max over the runs of:
 * first-load JavaScript (script responses: count, bytes transferred and decoded), all bytes
 * transferred, TTFB, First Contentful Paint, DOMContentLoaded and load; for pages with a seat map,
 * the first frame with all of its seats; for the room, the live (SSE) indicator turning live. The
 * baseline row is a static blank page (public/bench/blank.html) served by the same server under the
 * same throttling: the floor that the app's figures stand on. A measurement, not a test: it fails
 * only when a page does not render (a load that fails is tried once more, and the retry is printed).
 *
 * Creates (drops first) the database pinpin_bench_pages on TEST_PG_URL's server (local only).
 * Tunables (env):
 *   BENCH_RUNS (5)                cold loads per page (after one unthrottled warm-up load each)
 *   BENCH_PORT (3200)             port of the server (never the e2e suite's 3100 or npm start's 3000)
 *   BENCH_CPU_RATE (4)            CPU slowdown factor
 *   BENCH_NETWORK (9000/1500/60)  down kbit/s / up kbit/s / RTT ms
 *   BENCH_KEEP=1                  keep the database afterwards
 */
import os from "node:os";
import path from "node:path";
import { chromium, type Browser } from "@playwright/test";
import { DEMO } from "@/e2e/helpers/accounts";
import { chromiumLaunchOptions } from "@/e2e/helpers/chromium";
import { signIn } from "@/e2e/helpers/group-draw";
import { dropLocalDatabase, startFreshServer } from "@/scripts/lib/fresh-server";
import { waitUntilServing } from "@/scripts/lib/next-server";
import { isShuttingDown, onShutdown, shutdown, shutdownIfItExits, shutdownOnSignals } from "@/scripts/lib/shutdown";
import { envNumber } from "./lib/env";
import { measureColdLoad, type LoadFigures, type NetworkProfile, type PageToLoad, type Throttle } from "./lib/page-load";
import { seedPagesFixture } from "./lib/pages-seed";
import { percentile } from "./lib/stats";
import { fixed, formatTable } from "./lib/table";

const DATABASE = "pinpin_bench_pages";
const PORT = envNumber("BENCH_PORT", 3200);
const RUNS = Math.round(envNumber("BENCH_RUNS", 5));
const THROTTLE: Throttle = { cpuRate: envNumber("BENCH_CPU_RATE", 4), network: parseNetwork(process.env.BENCH_NETWORK || "9000/1500/60") };
const KEEP = process.env.BENCH_KEEP === "1";
const SHOPPER = DEMO.wangFang;
const BASE_URL = `http://127.0.0.1:${PORT}`;

const projectDir = path.resolve(import.meta.dirname, "..");
const log = (msg: string) => console.log(`[bench] ${msg}`);

function parseNetwork(s: string): NetworkProfile {
  const m = /^(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/.exec(s);
  if (!m) throw new Error(`BENCH_NETWORK: "${s}" is not "down_kbps/up_kbps/rtt_ms"`);
  return { downKbps: Number(m[1]), upKbps: Number(m[2]), rttMs: Number(m[3]) };
}

interface PageRow extends PageToLoad {
  name: string;
  runs: LoadFigures[];
  error?: string;
}

async function main(): Promise<void> {
  shutdownOnSignals();
  if ([3000, 3100].includes(PORT)) throw new Error(`BENCH_PORT ${PORT} belongs to npm start or the e2e suite`);
  onShutdown(async () => {
    if (KEEP) return log(`kept database ${DATABASE}`);
    await dropLocalDatabase(DATABASE);
    log(`dropped database ${DATABASE}`);
  });
  const { databaseUrl, next } = await startFreshServer(projectDir, {
    database: DATABASE,
    port: PORT,
    env: { ...process.env, AUTH_SECRET: "bench-pages-auth-secret-not-for-production-0000", GATEWAY_WEBHOOK_SECRET: "bench-pages-webhook-secret-not-for-production-00" },
    ownProcessGroup: true,
  });
  onShutdown(() => next.stop());
  shutdownIfItExits("Next.js", next.exited);
  const fixture = await seedPagesFixture(databaseUrl, SHOPPER);
  await waitUntilServing(`${BASE_URL}/bench/blank.html`, next);
  log(`server ${BASE_URL} on database ${DATABASE}; room ${fixture.groupSize} seats, ${fixture.openSeats} taken; a drawn group`);

  const browser = await chromium.launch(chromiumLaunchOptions);
  onShutdown(() => browser.close());
  const pages: PageRow[] = [
    { name: "baseline: blank.html", path: "/bench/blank.html", seats: 0, live: false, runs: [] },
    { name: "activity list /", path: "/", seats: 0, live: false, runs: [] },
    { name: "room /activities/:id", path: `/activities/${fixture.activityId}`, seats: fixture.groupSize, live: true, runs: [] },
    { name: "result /groups/:id", path: `/groups/${fixture.drawnGroupId}`, seats: fixture.groupSize, live: false, runs: [] },
    { name: "store /store", path: "/store", seats: 0, live: false, runs: [] },
  ];
  const contextOptions = { baseURL: BASE_URL, userAgent: phoneUserAgent(browser), locale: "zh-CN", timezoneId: "Asia/Shanghai", storageState: await signedInState(browser) };
  const { downKbps, upKbps, rttMs } = THROTTLE.network;
  const settings =
    `chromium ${browser.version()}, 390×844 mobile (Android UA), CPU ×${THROTTLE.cpuRate} (CDP Emulation.setCPUThrottlingRate), ` +
    `network ${fixed(downKbps / 1000, 1)} Mbit/s down / ${fixed(upKbps / 1000, 1)} up / ${rttMs} ms RTT (CDP Network.emulateNetworkConditions); ` +
    `${RUNS} cold loads per page (fresh context, empty cache, signed in as a shopper), next start on this machine (${os.cpus().length} cores)`;
  log(settings);

  for (const page of pages) await loadOrFail(browser, page, contextOptions, null); // warm the server's routes, unmeasured
  const started = performance.now();
  for (let run = 1; run <= RUNS; run++) {
    for (const page of pages) {
      if (page.error) continue;
      const figures = await loadOrFail(browser, page, contextOptions, THROTTLE);
      if (figures) page.runs.push(figures);
    }
    log(`run ${run}/${RUNS} done (load ${os.loadavg().map((x) => fixed(x, 2)).join(" ")})`);
  }
  log(`measured in ${fixed((performance.now() - started) / 1000, 0)} s`);

  console.log();
  console.log(settings);
  console.log(formatTable(["page", "stat", "scripts", "JS KB wire", "JS KB decoded", "all KB wire", "TTFB ms", "FCP ms", "DCL ms", "load ms", "seats ms", "live ms"], pages.flatMap(tableRows)));
  console.log("KB = 1,000 bytes; wire = transferred (headers + compressed bodies); ms from navigation start; seats = first frame with the whole seat map; live = SSE open");
  for (const r of retried) console.log(`retried once: ${r}`);
  const failed = pages.filter((p) => p.error);
  for (const p of failed) console.error(`FAILED ${p.name}: ${p.error}`);
  await shutdown(failed.length > 0 ? 1 : 0);
}

/** A mobile Chrome user agent with the version of the chromium in use. */
function phoneUserAgent(browser: Browser): string {
  return `Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${browser.version()} Mobile Safari/537.36`;
}

/** Signs the shopper in once through the login form; each cold load starts from these cookies. */
async function signedInState(browser: Browser) {
  const context = await browser.newContext({ baseURL: BASE_URL, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  try {
    await signIn(await context.newPage(), SHOPPER);
    return await context.storageState();
  } finally {
    await context.close();
  }
}

const retried: string[] = [];

/** One load, tried a second time if the first fails (said under the table); a page fails when both do. */
async function loadOrFail(browser: Browser, page: PageRow, contextOptions: Parameters<typeof measureColdLoad>[2], throttle: Throttle | null): Promise<LoadFigures | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await measureColdLoad(browser, page, contextOptions, throttle);
    } catch (error) {
      const message = error instanceof Error ? error.message.split("\n")[0]! : String(error);
      log(`${page.name}, attempt ${attempt}: ${message}`);
      if (attempt === 1) {
        retried.push(`${page.name}: ${message}`);
        continue;
      }
      page.error = message;
      return undefined;
    }
  }
}

function tableRows(page: PageRow): (string | number)[][] {
  if (page.runs.length === 0) return [[page.name, "failed", ...Array<string>(10).fill("n/a")]];
  const stat = (pick: (f: LoadFigures) => number, p: number, scale = 1, digits = 0) => {
    const values = page.runs.map(pick).filter(Number.isFinite).sort((a, b) => a - b);
    return fixed(percentile(values, p) / scale, digits);
  };
  return ([["median", 50], ["max", 100]] as const).map(([label, p]) => [
    label === "median" ? page.name : "",
    label,
    stat((f) => f.scripts, p),
    stat((f) => f.jsTransferred, p, 1000, 1),
    stat((f) => f.jsDecoded, p, 1000, 1),
    stat((f) => f.totalTransferred, p, 1000, 1),
    stat((f) => f.ttfb, p),
    stat((f) => f.fcp, p),
    stat((f) => f.dcl, p),
    stat((f) => f.load, p),
    page.seats > 0 ? stat((f) => f.seats, p) : "",
    page.live ? stat((f) => f.live, p) : "",
  ]);
}

main().catch((error: unknown) => {
  if (isShuttingDown()) return;
  console.error(error);
  void shutdown(1);
});
