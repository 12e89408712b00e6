import { describe, expect, it } from "vitest";
import { formatCompactYuan } from "@/components/money/format-compact-yuan";

describe("formatCompactYuan: money on chart axes in the reader's locale", () => {
  it.each([
    [350_000_000, "¥3.5M", "¥350万"],
    [1_200_000, "¥12K", "¥1.2万"],
    [12_345_678_900, "¥123.5M", "¥1.2亿"],
    [35_000, "¥350", "¥350"],
    [0, "¥0", "¥0"],
    [-350_000_000, "-¥3.5M", "-¥350万"],
  ])("%i fen: %s in en, %s in zh-CN", (fen, en, zh) => {
    expect(formatCompactYuan(fen, "en")).toBe(en);
    expect(formatCompactYuan(fen, "zh-CN")).toBe(zh);
  });

  it("never prints a Chinese unit in English, nor an English one in Chinese", () => {
    for (let fen = 1; fen < 1e13; fen *= 7) {
      expect(formatCompactYuan(fen, "en")).not.toMatch(/[万亿]/);
      expect(formatCompactYuan(fen, "zh-CN")).not.toMatch(/[KMB]/);
    }
  });
});
