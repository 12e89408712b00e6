import type { CreativeType } from "@/db/schema";
import { DomainError } from "../shared/errors";

export const MAX_CREATIVE_IMAGE_BYTES = 2 * 1024 * 1024;
export const MAX_CREATIVE_VIDEO_BYTES = 20 * 1024 * 1024;

/**
 * What an uploaded creative is, by its first bytes (never its name or claimed Content-Type): an MP4
 * (`ftyp` box at offset 4) or WebM (EBML header) video up to 20 MB, or a PNG or JPEG image up to 2 MB.
 */
export function validateCreative(bytes: Uint8Array): CreativeType {
  const starts = (sig: number[], at = 0) => bytes.length >= at + sig.length && sig.every((b, i) => bytes[at + i] === b);
  let type: CreativeType | null = null;
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) type = "png";
  else if (starts([0xff, 0xd8, 0xff])) type = "jpg";
  else if (starts([0x66, 0x74, 0x79, 0x70], 4)) type = "mp4";
  else if (starts([0x1a, 0x45, 0xdf, 0xa3])) type = "webm";
  if (!type) throw new DomainError("UPLOAD_NOT_CREATIVE");
  const max = type === "mp4" || type === "webm" ? MAX_CREATIVE_VIDEO_BYTES : MAX_CREATIVE_IMAGE_BYTES;
  if (bytes.length > max) throw new DomainError("UPLOAD_TOO_LARGE", { maxMb: max / 1024 / 1024 });
  return type;
}
