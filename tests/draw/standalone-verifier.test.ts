import { describe, expect, it } from "vitest";
import { verifyProof } from "@/scripts/verify-draw.mjs";

const SEED = "9f2c4e6a8b0d1f3a5c7e9b1d3f5a7c9e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a";
const GROUP = "3f1c2b7e-5a4d-4c8e-9b21-6d0f8a7e1c55";
const proof = (eligible: number[] | null, policy: "random" | "dissolve", outcome: string, winners: number[]) => ({
  algorithm: "pinpin-draw-v1",
  groupId: GROUP,
  commitment: "95e0071dc3a92f9c60ad6d26e2ba4fe11f5929ec09790f8a50fd897bdeb579b6",
  seed: SEED,
  k: 3,
  policy,
  outcome,
  entries: Array.from({ length: 10 }, (_, i) => ({ seat: i + 1, userId: `u${String(i + 1).padStart(2, "0")}`, eligible: eligible ? eligible.includes(i + 1) : true })),
  winners,
});

describe("standalone verifier (scripts/verify-draw.mjs) on the spec's vectors", () => {
  it("accepts each vector", () => {
    expect(verifyProof(proof(null, "random", "drawn", [3, 4, 8])).ok).toBe(true);
    expect(verifyProof(proof([2, 3, 5, 6, 7, 8, 9, 10], "random", "drawn", [3, 5, 8])).ok).toBe(true);
    expect(verifyProof(proof([2, 7], "random", "drawn", [2, 3, 7])).ok).toBe(true);
    expect(verifyProof(proof([2, 7], "dissolve", "dissolved", [])).ok).toBe(true);
  });
  it("rejects tampered winners, a swapped seed and an unrevealed seed", () => {
    expect(verifyProof(proof(null, "random", "drawn", [3, 4, 9])).ok).toBe(false);
    expect(verifyProof({ ...proof(null, "random", "drawn", [3, 4, 8]), seed: SEED.replace(/^9f/, "9e") }).ok).toBe(false);
    expect(verifyProof({ ...proof(null, "random", "drawn", [3, 4, 8]), seed: null }).ok).toBe(false);
  });
});
