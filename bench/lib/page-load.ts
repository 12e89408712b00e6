import type { Browser, BrowserContextOptions } from "@playwright/test";
import { PHONE } from "@/e2e/helpers/chromium";

/** A phone network for Network.emulateNetworkConditions: throughput in kbit/s, latency (RTT) in ms. */
export interface NetworkProfile {
  downKbps: number;
  upKbps: number;
  rttMs: number;
}

export interface Throttle {
  cpuRate: number;
  network: NetworkProfile;
}

/** What one cold load measured: bytes, and ms from navigation start (NaN when it did not happen). */
export interface LoadFigures {
  scripts: number;
  jsTransferred: number;
  jsDecoded: number;
  totalTransferred: number;
  ttfb: number;
  fcp: number;
  dcl: number;
  load: number;
  /**
   * The whole seat map on screen: the frame after the one that first had all of its seats in the
   * document (double requestAnimationFrame), and never before First Contentful Paint.
   */
  seats: number;
  /** The room's live indicator turned "live" (its EventSource opened, so the page is hydrated). */
  live: number;
}

export interface PageToLoad {
  path: string;
  /** Seats the page's seat map has; 0 when it has none. */
  seats: number;
  /** Wait for the live (SSE) indicator. */
  live: boolean;
}

/**
 * Marks, in the page's own clock, when the seat map is complete and when the live indicator turns
 * live. A string, not a function: the bench runs under tsx, whose helpers would not exist in the page.
 */
function watcherScript(seats: number): string {
  return `(() => {
    const mark = {};
    window.__bench = mark;
    const check = () => {
      if (mark.seatsDom === undefined && ${seats} > 0 && document.querySelectorAll('[data-testid="seat"]').length >= ${seats}) {
        mark.seatsDom = performance.now();
        requestAnimationFrame(() => requestAnimationFrame(() => { mark.seats = performance.now(); }));
      }
      if (mark.live === undefined && document.querySelector('[data-testid="live-status"][data-status="live"]')) mark.live = performance.now();
    };
    new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ["data-status"] });
    document.addEventListener("DOMContentLoaded", check);
  })();`;
}

const NAVIGATION_FIGURES = `(() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const fcp = performance.getEntriesByName("first-contentful-paint")[0];
  return { ttfb: nav.responseStart, dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, fcp: fcp ? fcp.startTime : NaN, marks: window.__bench };
})()`;

const QUIET_MS = 500;

/**
 * One cold load of `page` in a fresh context (empty cache, `contextOptions`' cookies), throttled
 * through CDP when `throttle` is given. Bytes come from the DevTools network events: transferred is
 * what crossed the wire (headers and compressed bodies), decoded what the browser had to parse.
 * Waits for the seat map and the live indicator when the page has them, then for the network to be
 * quiet (the SSE stream aside); throws when the page does not answer 200 or its seat map never shows.
 */
export async function measureColdLoad(browser: Browser, page: PageToLoad, contextOptions: BrowserContextOptions, throttle: Throttle | null): Promise<LoadFigures> {
  const context = await browser.newContext({ ...PHONE, ...contextOptions });
  try {
    const tab = await context.newPage();
    await tab.addInitScript(watcherScript(page.seats));
    const cdp = await context.newCDPSession(tab);
    await cdp.send("Network.enable");
    if (throttle) {
      const { downKbps, upKbps, rttMs } = throttle.network;
      await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: rttMs, downloadThroughput: (downKbps * 1000) / 8, uploadThroughput: (upKbps * 1000) / 8 });
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle.cpuRate });
    }

    const types = new Map<string, string>();
    const decoded = new Map<string, number>();
    const transferred = new Map<string, number>();
    const inFlight = new Map<string, string>();
    let lastActivity = performance.now();
    cdp.on("Network.requestWillBeSent", (e) => {
      if (e.type !== "EventSource") inFlight.set(e.requestId, new URL(e.request.url).pathname);
      lastActivity = performance.now();
    });
    cdp.on("Network.responseReceived", (e) => types.set(e.requestId, e.type));
    cdp.on("Network.dataReceived", (e) => decoded.set(e.requestId, (decoded.get(e.requestId) ?? 0) + e.dataLength));
    const done = (id: string) => {
      inFlight.delete(id);
      lastActivity = performance.now();
    };
    cdp.on("Network.loadingFinished", (e) => {
      transferred.set(e.requestId, e.encodedDataLength);
      done(e.requestId);
    });
    cdp.on("Network.loadingFailed", (e) => done(e.requestId));

    const response = await tab.goto(page.path, { waitUntil: "load", timeout: 60_000 }).catch((error: unknown) => {
      const pending = [...inFlight.values()].join(", ") || "none";
      throw new Error(`${error instanceof Error ? error.message.split("\n")[0] : String(error)} (requests still open: ${pending})`);
    });
    if (!response || response.status() !== 200) throw new Error(`${page.path} answered ${response?.status() ?? "nothing"}`);
    if (page.seats > 0) await tab.waitForFunction("window.__bench.seats !== undefined", undefined, { timeout: 30_000 });
    if (page.live) await tab.waitForFunction("window.__bench.live !== undefined", undefined, { timeout: 30_000 }).catch(() => undefined);
    const quietBy = performance.now() + 15_000;
    while ((inFlight.size > 0 || performance.now() - lastActivity < QUIET_MS) && performance.now() < quietBy) await tab.waitForTimeout(100);

    const nav = (await tab.evaluate(NAVIGATION_FIGURES)) as { ttfb: number; dcl: number; load: number; fcp: number; marks: { seats?: number; live?: number } };
    let scripts = 0;
    let jsTransferred = 0;
    let jsDecoded = 0;
    let totalTransferred = 0;
    for (const [id, bytes] of transferred) {
      totalTransferred += bytes;
      if (types.get(id) !== "Script") continue;
      scripts += 1;
      jsTransferred += bytes;
      jsDecoded += decoded.get(id) ?? 0;
    }
    return { scripts, jsTransferred, jsDecoded, totalTransferred, ttfb: nav.ttfb, fcp: nav.fcp, dcl: nav.dcl, load: nav.load, seats: Math.max(nav.marks.seats ?? Number.NaN, nav.fcp), live: nav.marks.live ?? Number.NaN };
  } finally {
    await context.close();
  }
}
