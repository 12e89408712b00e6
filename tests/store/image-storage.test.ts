import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "@/server/domain/shared/errors";
import { LocalDiskStorage, storeImage } from "@/server/storage/image-storage";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "pinpin-img-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

describe("image storage behind its interface", () => {
  it("stores a real image under a random name and serves it back with its type", async () => {
    const storage = new LocalDiskStorage(dir);
    const url = await storeImage(storage, PNG);
    expect(url).toMatch(/^\/api\/images\/[0-9a-f-]{36}\.png$/);
    const got = await storage.get(url.split("/").pop()!);
    expect(got?.contentType).toBe("image/png");
    expect(Buffer.from(got!.bytes).equals(Buffer.from(PNG))).toBe(true);
  });

  it("writes nothing for a file that is not an image, and serves no name outside its folder", async () => {
    const storage = new LocalDiskStorage(dir);
    const before = await readdir(dir);
    await expect(storeImage(storage, new TextEncoder().encode("<?php echo 1; ?>"))).rejects.toMatchObject({ code: "UPLOAD_NOT_IMAGE" } satisfies Partial<DomainError>);
    expect(await readdir(dir)).toEqual(before);
    for (const name of ["../secrets.json", "..%2Fx.png", "x.png", "00000000-0000-4000-8000-000000000000.svg"]) expect(await storage.get(name)).toBeNull();
  });
});
