import "server-only";
import { validateImage } from "../domain/store/validate-image";
import { LocalDiskStorage, type ImageStorage } from "./local-disk-storage";

export { LocalDiskStorage, type ImageStorage, type MediaType } from "./local-disk-storage";

/** Validates (magic bytes, size) and stores an uploaded image; returns its URL. */
export async function storeImage(storage: ImageStorage, bytes: Uint8Array): Promise<string> {
  const type = validateImage(bytes);
  return storage.put(bytes, type);
}

let shared: ImageStorage | null = null;
export function imageStorage(): ImageStorage {
  shared ??= new LocalDiskStorage();
  return shared;
}
