/** The one rule for how a shopper's name appears to others (server/domain/users/mask-name.ts). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maskName } from "@/server/domain/users/mask-name";

describe("maskName", () => {
  it.each([
    ["张小明", "张*明"],
    ["韩梅梅", "韩*梅"],
    ["用户1234", "用*4"],
    ["User 1234", "U*4"],
    ["张伟", "张*"],
    ["王", "王*"],
    ["", "*"],
    ["  李雷  ", "李*"],
    ["🐼熊猫🎋", "🐼*🎋"],
    ["𠮷野家", "𠮷*家"],
  ])("%j → %j", (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it("tells apart default names that differ in their last digit, which the old first-character rule did not", () => {
    expect(maskName("用户1234")).not.toBe(maskName("用户5678"));
  });

  it("never shows more than two characters of a name, and never a two-character name whole", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }), (name) => {
        const masked = [...maskName(name)];
        expect(masked.filter((c) => c !== "*").length).toBeLessThanOrEqual(2);
        expect(masked).toContain("*");
        const chars = [...name.trim()];
        if (chars.length === 2) expect(masked.join("")).toBe(`${chars[0]}*`);
      }),
    );
  });
});
