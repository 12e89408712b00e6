/**
 * Encodes a JS array as one PostgreSQL array literal parameter (`{"a","b",NULL}`), so that
 * `${pgArray(xs)}::bigint[]` binds a single value: drizzle's `sql` would otherwise expand an
 * array into a row of parameters. Used with unnest() for set-based multi-row writes.
 */
export function pgArray(values: readonly (string | number | null | undefined)[]): string {
  const parts = values.map((v) => {
    if (v === null || v === undefined) return "NULL";
    const s = String(v);
    return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
  });
  return `{${parts.join(",")}}`;
}
