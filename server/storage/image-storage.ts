import "server-only";
import { randomUUID } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { IMAGE_CONTENT_TYPES, validateImage, type ImageType } from "../domain/store/validate-image";

/**
 * Where product images live. Local disk now; an object store (S3, OSS) implements the same two
 * methods when the app runs on more than one machine.
 */
export interface ImageStorage {
  put(bytes: Uint8Array, type: ImageType): Promise<string>;
  get(name: string): Promise<{ bytes: Uint8Array; contentType: string } | null>;
}

const NAME = /^[a-f0-9-]{36}\.(png|jpg|webp|gif)$/;

/** Files under `.data/uploads` (outside `public/`, which `next start` only serves as built), served by /api/images/<name>. */
export class LocalDiskStorage implements ImageStorage {
  constructor(private readonly dir: string = path.join(process.cwd(), ".data", "uploads")) {}

  async put(bytes: Uint8Array, type: ImageType): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const name = `${randomUUID()}.${type}`;
    await writeFile(path.join(this.dir, name), bytes, { flag: "wx" });
    return `/api/images/${name}`;
  }

  async get(name: string): Promise<{ bytes: Uint8Array; contentType: string } | null> {
    if (!NAME.test(name)) return null;
    try {
      const bytes = await readFile(path.join(this.dir, name));
      return { bytes, contentType: IMAGE_CONTENT_TYPES[name.split(".")[1] as ImageType] };
    } catch {
      return null;
    }
  }
}

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
