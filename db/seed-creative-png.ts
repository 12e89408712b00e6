import { deflateSync } from "node:zlib";

/** CRC-32 (ISO 3309) of PNG chunks. */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export type Rgb = [number, number, number];

/**
 * A demo ad creative drawn at seed time (no download, no image library): a portrait PNG with a
 * vertical gradient between two colours, soft light circles and a product silhouette (a bottle or
 * cup) in the middle. The player writes the campaign's words over it.
 */
export function drawCreativePng(top: Rgb, bottom: Rgb, shape: "bottle" | "cup", width = 360, height = 640): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  const cx = width / 2;
  const bubbles = [
    [0.2, 0.18, 0.09],
    [0.82, 0.3, 0.06],
    [0.15, 0.72, 0.05],
    [0.78, 0.8, 0.1],
  ].map(([x, y, r]) => [(x as number) * width, (y as number) * height, (r as number) * width] as const);
  const inShape = (x: number, y: number): boolean => {
    const dy = y - height * 0.52;
    if (shape === "bottle") {
      if (Math.abs(x - cx) < width * 0.05 && dy > -height * 0.22 && dy < -height * 0.12) return true; // neck
      return Math.abs(x - cx) < width * 0.13 && dy >= -height * 0.12 && dy < height * 0.16;
    }
    const half = width * (0.16 - (dy / height) * 0.06);
    return dy > -height * 0.1 && dy < height * 0.14 && Math.abs(x - cx) < half;
  };
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    const t = y / (height - 1);
    for (let x = 0; x < width; x++) {
      let rgb = top.map((c, i) => c + ((bottom[i] as number) - c) * t);
      for (const [bx, by, br] of bubbles) if ((x - bx) ** 2 + (y - by) ** 2 < br * br) rgb = rgb.map((c) => c + (255 - c) * 0.25);
      if (inShape(x, y)) rgb = rgb.map((c) => c + (255 - c) * 0.85);
      for (let i = 0; i < 3; i++) raw[row + 1 + x * 3 + i] = Math.round(rgb[i] as number);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", new Uint8Array())]);
}
