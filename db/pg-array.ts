/**
 * Encodes a JS array as one PostgreSQL array literal parameter (`{"a","b",NULL}`), so that
 * `${pgArray(xs)}::bigint[]` binds a single value: drizzle's `sql` would otherwise expand an
 * array into a row of parameters. Used with unnest() for set-based multi-row writes.
 */
export function pgArray(values: readonly (string | number | null | undefined)[]): string {
  let out = "{";
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ",";
    if (v === null || v === undefined) out += "NULL";
    else if (typeof v === "number" && Number.isFinite(v)) out += String(v); // digits, sign, dot, e: nothing to quote
    else {
      const s = String(v);
      // Most values (ids, keys, timestamps) hold neither a backslash nor a double quote: no rewrite.
      out += NEEDS_ESCAPE.test(s) ? `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"` : `"${s}"`;
    }
  }
  return out + "}";
}

const NEEDS_ESCAPE = /["\\]/;
