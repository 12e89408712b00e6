import { createHash } from "node:crypto";

/**
 * A UUID (version-4 shaped) derived from a key: the same key, the same UUID. Our refund number at a
 * provider (WeChat Pay allows 64 characters of [0-9a-zA-Z_-|*@]) comes from the refund's ledger key,
 * so a retry asks for the same refund.
 */
export function uuidFromKey(key: string): string {
  const h = createHash("sha256").update(key).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
