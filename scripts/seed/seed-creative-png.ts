import { PNG } from "pngjs";

export type Rgb = [number, number, number];

/**
 * A demo ad creative drawn at seed time (no download; pngjs encodes it): a portrait PNG with a
 * vertical gradient between two colours, soft light circles and a product silhouette (a bottle or
 * cup) in the middle. The player writes the campaign's words over it.
 */
export function drawCreativePng(top: Rgb, bottom: Rgb, shape: "bottle" | "cup", width = 360, height = 640): Buffer {
  const png = new PNG({ width, height, colorType: 2 });
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
    const t = y / (height - 1);
    for (let x = 0; x < width; x++) {
      let rgb = top.map((c, i) => c + ((bottom[i] as number) - c) * t);
      for (const [bx, by, br] of bubbles) if ((x - bx) ** 2 + (y - by) ** 2 < br * br) rgb = rgb.map((c) => c + (255 - c) * 0.25);
      if (inShape(x, y)) rgb = rgb.map((c) => c + (255 - c) * 0.85);
      const at = (y * width + x) * 4;
      for (let i = 0; i < 3; i++) png.data[at + i] = Math.round(rgb[i] as number);
      png.data[at + 3] = 255;
    }
  }
  return PNG.sync.write(png, { colorType: 2 });
}
