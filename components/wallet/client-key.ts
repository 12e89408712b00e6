/**
 * One idempotency key per form: a double click or a retry sends the same key, so the server
 * creates one withdrawal. randomUUID needs a secure context; plain-http LAN testing falls back.
 */
export function newClientKey(): string {
  if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
