import "server-only";

import { readFile } from "node:fs/promises";
import path from "node:path";
import subsetFont from "subset-font";

/**
 * Noto Sans SC for images drawn on the server (posters, link previews), from the
 * @fontsource/noto-sans-sc package: the renderer draws only the fonts it is given, and the machine
 * may have no CJK font at all. The package splits the font into ~100 unicode-range slices (WOFF);
 * only the slices holding the text's characters are read, each cut down to those characters with
 * subset-font (harfbuzz), so a poster loads a few kilobytes of font instead of megabytes.
 */
export type FontWeight = 400 | 700;
export interface LoadedFont {
  name: string;
  data: ArrayBuffer;
  weight: FontWeight;
  style: "normal";
}

export const FONT_FAMILY = "Noto Sans SC";
const PACKAGE_DIR = path.join(process.cwd(), "node_modules", "@fontsource", "noto-sans-sc");

interface Slice {
  file: string;
  ranges: [number, number][];
}

const slicesByWeight = new Map<FontWeight, Promise<Slice[]>>();
const fileCache = new Map<string, Promise<Buffer>>();

/** The slices of one weight as the package's CSS declares them (file and unicode-range). */
function slicesOf(weight: FontWeight): Promise<Slice[]> {
  let slices = slicesByWeight.get(weight);
  if (!slices) {
    slices = readFile(path.join(PACKAGE_DIR, `${weight}.css`), "utf8").then(parseFontFaces);
    slicesByWeight.set(weight, slices);
  }
  return slices;
}

/** `@font-face { src: url(./files/x.woff2) …, url(./files/x.woff) …; unicode-range: U+4e00-4e5f, … }` → slices. */
export function parseFontFaces(css: string): Slice[] {
  const out: Slice[] = [];
  for (const block of css.split("@font-face").slice(1)) {
    const file = /url\(\.\/files\/([^)]+\.woff)\)\s*format\('woff'\)/.exec(block)?.[1];
    const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1];
    if (!file || !range) continue;
    const ranges = range.split(",").map((r): [number, number] => {
      const [from, to] = r.trim().replace(/^U\+/i, "").split("-");
      const a = parseInt(from ?? "", 16);
      return [a, to ? parseInt(to, 16) : a];
    });
    out.push({ file, ranges });
  }
  return out;
}

function readSlice(file: string): Promise<Buffer> {
  let data = fileCache.get(file);
  if (!data) {
    data = readFile(path.join(PACKAGE_DIR, "files", file));
    fileCache.set(file, data);
  }
  return data;
}

/**
 * The fonts that draw `text` at `weight`: one subset font per slice the text touches, each under its
 * own name (the renderer keeps one font per name and weight, then falls back across names), so a
 * style lists them all: `fontFamily: familyOf(fonts)`.
 */
export async function fontsFor(text: string, weight: FontWeight): Promise<LoadedFont[]> {
  const slices = await slicesOf(weight);
  const bySlice = new Map<Slice, string>();
  for (const ch of new Set(text)) {
    const cp = ch.codePointAt(0) ?? 0;
    const slice = slices.find((s) => s.ranges.some(([a, b]) => cp >= a && cp <= b));
    if (slice) bySlice.set(slice, (bySlice.get(slice) ?? "") + ch);
  }
  return Promise.all(
    [...bySlice].map(async ([slice, chars]) => {
      const subset = await subsetFont(await readSlice(slice.file), chars, { targetFormat: "truetype" });
      return { name: `${FONT_FAMILY} ${slice.file.replace(/^noto-sans-sc-|-\d+-normal\.woff$/g, "")}`, data: new Uint8Array(subset).buffer, weight, style: "normal" as const };
    }),
  );
}

/** The CSS font-family that lists every slice font (each name once, whatever its weights). */
export function familyOf(fonts: readonly LoadedFont[]): string {
  return [...new Set(fonts.map((f) => `"${f.name}"`))].join(", ");
}
