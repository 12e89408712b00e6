import fs from "node:fs";

const DEBIAN_CHROMIUM = "/usr/bin/chromium";

/**
 * The Chromium the e2e tests and bench:pages drive: PINPIN_CHROMIUM when set, Debian's when
 * installed, else the one inside the pinned `@sparticuz/chromium` package (unpacked into the
 * temporary folder on first use), so a machine with only Node and npm can run the browser tests.
 */
export async function resolveChromium(): Promise<string> {
  if (process.env.PINPIN_CHROMIUM) return process.env.PINPIN_CHROMIUM;
  if (fs.existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  const { default: chromium } = await import("@sparticuz/chromium");
  return chromium.executablePath();
}
