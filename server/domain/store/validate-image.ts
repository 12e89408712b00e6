import { DomainError } from "../shared/errors";

export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
export type ImageType = "png" | "jpg" | "webp" | "gif";

/**
 * What an upload is, judged by its first bytes (magic numbers), never by its name or the
 * Content-Type the browser claims. Anything else, or anything over 2 MB, is refused.
 */
export function validateImage(bytes: Uint8Array): ImageType {
  if (bytes.length > MAX_IMAGE_BYTES) throw new DomainError("UPLOAD_TOO_LARGE", { maxMb: MAX_IMAGE_BYTES / 1024 / 1024 });
  const starts = (sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
  if (bytes.length >= 8 && starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (bytes.length >= 3 && starts([0xff, 0xd8, 0xff])) return "jpg";
  if (bytes.length >= 12 && starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return "webp";
  if (bytes.length >= 6 && (starts([0x47, 0x49, 0x46, 0x38, 0x37, 0x61]) || starts([0x47, 0x49, 0x46, 0x38, 0x39, 0x61]))) return "gif";
  throw new DomainError("UPLOAD_NOT_IMAGE");
}

export const IMAGE_CONTENT_TYPES: Record<ImageType, string> = { png: "image/png", jpg: "image/jpeg", webp: "image/webp", gif: "image/gif" };
