import type { CreativeType } from "@/db/schema";
import type { Creative } from "./campaign-form";

const TYPES: readonly CreativeType[] = ["mp4", "webm", "png", "jpg"];

/** What a creative may be, for the file picker (the server judges the bytes, not this). */
export const CREATIVE_ACCEPT = "video/mp4,video/webm,image/png,image/jpeg";

export function isVideo(type: CreativeType): boolean {
  return type === "mp4" || type === "webm";
}

/**
 * Sends a creative to the console's upload route (same origin, the session cookie). Its refusals
 * arrive translated (`{ error: { message } }`) and are thrown as they are; a network failure throws
 * `fallback`.
 */
export async function uploadCreative(file: File, fallback: string): Promise<Creative> {
  const body = new FormData();
  body.set("file", file);
  let res: Response;
  try {
    res = await fetch("/api/admin/creatives", { method: "POST", body, credentials: "same-origin" });
  } catch {
    throw new Error(fallback);
  }
  const json: unknown = await res.json().catch(() => null);
  const answer = (json ?? {}) as { url?: unknown; type?: unknown; error?: { message?: unknown } };
  if (res.ok && typeof answer.url === "string" && TYPES.includes(answer.type as CreativeType)) return { url: answer.url, type: answer.type as CreativeType };
  throw new Error(typeof answer.error?.message === "string" ? answer.error.message : fallback);
}
