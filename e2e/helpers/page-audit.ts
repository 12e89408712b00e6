import { expect, type Page } from "@playwright/test";

/** Smallest tap target on shopper pages (UX.md). */
export const MIN_TAP_PX = 44;

export interface AuditFinding {
  kind: "small-target" | "untranslated" | "overflow";
  what: string;
}

/**
 * What is wrong on the page as drawn now: a visible tap target (link, button, role=button/radio/tab,
 * input, select; a checkbox or radio counts by the label that wraps it; a link stretched over its card
 * by an absolutely placed ::after counts by that card) under 44 px high; a message next-intl could not
 * find — it renders the key's dotted path (`room.joinNow`) or MISSING_MESSAGE — in text, a label,
 * placeholder, title, alt or the document title; or content wider than the screen.
 */
export async function auditPage(page: Page): Promise<AuditFinding[]> {
  return page.evaluate((minPx) => {
    const findings: { kind: "small-target" | "untranslated" | "overflow"; what: string }[] = [];
    const KEY_PATH = /^[a-z][a-zA-Z0-9]*(\.[a-zA-Z0-9_]+)+$/;
    const untranslated = (text: string | null | undefined) => !!text && (KEY_PATH.test(text.trim()) || text.includes("MISSING_MESSAGE"));
    const describe = (el: Element) => `<${el.tagName.toLowerCase()}${el.getAttribute("role") ? ` role=${el.getAttribute("role")}` : ""}> "${(el.getAttribute("aria-label") ?? (el as HTMLElement).innerText ?? el.getAttribute("placeholder") ?? "").trim().slice(0, 40)}"`;

    const targets = document.querySelectorAll('a[href], button, [role="button"], [role="radio"], [role="tab"], [role="checkbox"], [role="switch"], input:not([type="hidden"]), select, textarea, summary');
    for (const el of targets) {
      if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) || el.closest('[aria-hidden="true"], [inert]')) continue;
      let box: Element = el;
      if (el.matches('input[type="checkbox"], input[type="radio"]')) box = el.closest("label") ?? el;
      const after = getComputedStyle(el, "::after");
      if (el instanceof HTMLElement && after.content !== "none" && after.position === "absolute" && el.offsetParent) box = el.offsetParent;
      const r = box.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1) continue; // visually hidden (sr-only), reached through its label
      if (r.height < minPx - 0.5) findings.push({ kind: "small-target", what: `${describe(el)} is ${Math.round(r.width)}×${Math.round(r.height)}` });
    }

    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest("script, style, noscript") || !parent.checkVisibility()) continue;
      if (untranslated(node.textContent)) findings.push({ kind: "untranslated", what: `text "${node.textContent?.trim()}"` });
    }
    for (const el of document.querySelectorAll("[aria-label], [placeholder], [title], img[alt]")) {
      for (const attr of ["aria-label", "placeholder", "title", "alt"]) {
        const v = el.getAttribute(attr);
        if (untranslated(v)) findings.push({ kind: "untranslated", what: `${attr} "${v}" on ${describe(el)}` });
      }
    }
    if (untranslated(document.title)) findings.push({ kind: "untranslated", what: `title "${document.title}"` });
    if (document.documentElement.scrollWidth > window.innerWidth + 1) findings.push({ kind: "overflow", what: `page is ${document.documentElement.scrollWidth}px wide` });
    return findings;
  }, MIN_TAP_PX);
}

/** Waits until the page has drawn its data: no skeleton (aria-busy) and no spinner left. */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState("load");
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 20_000 });
  await expect(page.locator('[role="status"]:has(svg.animate-spin)')).toHaveCount(0, { timeout: 20_000 });
  await page.evaluate(() => document.fonts.ready);
}
