import path from "node:path";
import type { Page, TestInfo } from "@playwright/test";

/** Saves what the viewport shows to e2e/screenshots/<name>.png (git-ignored), for people to look at. */
export async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  // Let fonts settle and any entering toast finish its frame before capturing.
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: path.join(testInfo.project.testDir, "screenshots", `${name}.png`) });
}
