/**
 * The Chromium `npm test` resolved (PINPIN_CHROMIUM: Debian's, else the one in @sparticuz/chromium;
 * scripts/lib/chromium-path.ts) — never `playwright install` here — with the flags this machine
 * needs; the e2e config and bench:pages launch it.
 */
export const chromiumLaunchOptions = {
  executablePath: process.env.PINPIN_CHROMIUM || "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
  ],
};

/** The phone the shopper pages are tested and measured on. */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } as const;
