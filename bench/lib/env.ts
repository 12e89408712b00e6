/** A positive number from the environment, else `fallback`. */
export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, not ${raw}`);
  return n;
}

/** A positive number from the environment, or undefined when unset. */
export function envOptionalNumber(name: string): number | undefined {
  const raw = process.env[name];
  return raw === undefined || raw === "" ? undefined : envNumber(name, 0);
}

/** A comma-separated list from the environment ("4,8,32"), else `fallback`; "0" or "none" is the empty list. */
export function envList(name: string, fallback: string): string[] {
  const raw = process.env[name] ?? fallback;
  if (raw.trim() === "0" || raw.trim() === "none") return [];
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}
