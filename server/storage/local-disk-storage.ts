import { randomUUID } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { IMAGE_CONTENT_TYPES } from "../domain/store/validate-image";

/** What the storage holds: product images and ad creatives (images and videos), each checked by its bytes before it gets here. */
export type MediaType = "png" | "jpg" | "webp" | "gif" | "mp4" | "webm";
const CONTENT_TYPES: Record<MediaType, string> = { ...IMAGE_CONTENT_TYPES, mp4: "video/mp4", webm: "video/webm" };

/**
 * Where uploaded media (product images, ad creatives) live. Local disk now; an object store (S3, OSS)
 * implements the same two methods when the app runs on more than one machine.
 */
export interface ImageStorage {
  put(bytes: Uint8Array, type: MediaType): Promise<string>;
  get(name: string): Promise<{ bytes: Uint8Array; contentType: string } | null>;
}

const NAME = /^[a-f0-9-]{36}\.(png|jpg|webp|gif|mp4|webm)$/;

/** Files under `.data/uploads` (outside `public/`, which `next start` only serves as built), served by /api/images/<name>. */
export class LocalDiskStorage implements ImageStorage {
  constructor(private readonly dir: string = process.env.PINPIN_UPLOADS_DIR || path.join(process.cwd(), ".data", "uploads")) {}

  async put(bytes: Uint8Array, type: MediaType): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const name = `${randomUUID()}.${type}`;
    await writeFile(path.join(this.dir, name), bytes, { flag: "wx" });
    return `/api/images/${name}`;
  }

  async get(name: string): Promise<{ bytes: Uint8Array; contentType: string } | null> {
    if (!NAME.test(name)) return null;
    try {
      const bytes = await readFile(path.join(this.dir, name));
      return { bytes, contentType: CONTENT_TYPES[name.split(".")[1] as MediaType] };
    } catch {
      return null;
    }
  }
}
