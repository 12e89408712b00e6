import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { commitmentOf, drawMessage, drawWinners, type DrawEntry } from "@/server/domain/draw/pinpin-draw-v1";

// Spec §3 test vectors.
const SEED = "9f2c4e6a8b0d1f3a5c7e9b1d3f5a7c9e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a";
const GROUP = "3f1c2b7e-5a4d-4c8e-9b21-6d0f8a7e1c55";
const entries = (eligibleSeats?: number[]): DrawEntry[] =>
  Array.from({ length: 10 }, (_, i) => ({ seat: i + 1, userId: `u${String(i + 1).padStart(2, "0")}`, eligible: eligibleSeats ? eligibleSeats.includes(i + 1) : true }));

describe("pinpin-draw-v1 test vectors", () => {
  it("commitment and block 0", () => {
    expect(commitmentOf(SEED)).toBe("95e0071dc3a92f9c60ad6d26e2ba4fe11f5929ec09790f8a50fd897bdeb579b6");
    const block0 = createHmac("sha256", Buffer.from(SEED, "hex")).update(`${drawMessage(GROUP, entries())}|0`).digest("hex");
    expect(block0).toBe("6e181cf11768ba1b296d517502acc7e17cf2c1f730d806cecb9d3baed54b4244");
  });
  it("all eligible → 3, 4, 8", () => {
    expect(drawWinners({ seedHex: SEED, groupId: GROUP, k: 3, policy: "dissolve", entries: entries() })).toEqual({ outcome: "drawn", winners: [3, 4, 8] });
  });
  it("seats 1 and 4 ineligible → 3, 5, 8", () => {
    expect(drawWinners({ seedHex: SEED, groupId: GROUP, k: 3, policy: "dissolve", entries: entries([2, 3, 5, 6, 7, 8, 9, 10]) }).winners).toEqual([3, 5, 8]);
  });
  it("only 2 and 7 eligible: random → 2, 3, 7; dissolve → dissolved", () => {
    expect(drawWinners({ seedHex: SEED, groupId: GROUP, k: 3, policy: "random", entries: entries([2, 7]) }).winners).toEqual([2, 3, 7]);
    expect(drawWinners({ seedHex: SEED, groupId: GROUP, k: 3, policy: "dissolve", entries: entries([2, 7]) }).outcome).toBe("dissolved");
  });
});
