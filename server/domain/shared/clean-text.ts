import { z } from "zod";
import { DomainError } from "./errors";

/**
 * Text a person typed, as the platform stores it (SECURITY.md): NFC-normalised and trimmed; no
 * control characters (a line break only where the field is multi-line); no bidirectional overrides
 * or isolates, which make "王芳\u202Eabc" read as something else; no invisible zero-width
 * characters, which make two names that look the same differ (a joiner is kept only inside an emoji
 * sequence, where it belongs). Every field a user or operator names, titles or addresses something
 * with goes through here, at the domain's boundary.
 */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/u;
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL_MULTI_LINE = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029]/u;
const INVISIBLE = /[\u200B\u200C\u2060\u2061-\u2064\uFEFF\u180E\u00AD]/gu;
const JOINER_OUTSIDE_EMOJI = /(?<!\p{Extended_Pictographic}\uFE0F?)\u200D|\u200D(?!\p{Extended_Pictographic})/gu;

export interface CleanTextRule {
  min: number;
  max: number;
  multiline?: boolean;
}

/** The cleaned text, or null when it cannot be stored (the caller names the field in its error). */
export function cleanTextOrNull(value: string, rule: CleanTextRule): string | null {
  const text = value.normalize("NFC").replace(INVISIBLE, "").replace(JOINER_OUTSIDE_EMOJI, "").replace(/\r\n?/g, "\n").trim();
  if (BIDI.test(text) || (rule.multiline ? CONTROL_MULTI_LINE : CONTROL_SINGLE_LINE).test(text)) return null;
  const length = [...text].length;
  return length < rule.min || length > rule.max ? null : text;
}

/** cleanTextOrNull, refusing with BAD_INPUT naming the field. */
export function cleanText(value: string, rule: CleanTextRule, field: string): string {
  const text = cleanTextOrNull(value, rule);
  if (text === null) throw new DomainError("BAD_INPUT", { field });
  return text;
}

/** The same rule inside a zod schema (settings, activity configuration). */
export function cleanTextSchema(rule: CleanTextRule) {
  return z.string().transform((value, ctx) => {
    const text = cleanTextOrNull(value, rule);
    if (text === null) {
      ctx.addIssue({ code: "custom", message: `text of ${rule.min}–${rule.max} characters, without control or invisible characters` });
      return z.NEVER;
    }
    return text;
  });
}
