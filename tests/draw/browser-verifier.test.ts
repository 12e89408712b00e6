import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { drawMessage, hexToBytes, hmacBlock, sha256Hex, verifyDraw, type DrawProof } from "@/components/draw/verify-draw";

// Spec §3 / docs/verify-draw.md test vectors, checked against the browser verifier (WebCrypto).
const SEED = "9f2c4e6a8b0d1f3a5c7e9b1d3f5a7c9e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a";
const GROUP = "3f1c2b7e-5a4d-4c8e-9b21-6d0f8a7e1c55";
const COMMITMENT = "95e0071dc3a92f9c60ad6d26e2ba4fe11f5929ec09790f8a50fd897bdeb579b6";

const proof = (eligible: number[] | null, policy: "random" | "dissolve", outcome: string, winners: number[]): DrawProof => ({
  algorithm: "pinpin-draw-v1",
  groupId: GROUP,
  commitment: COMMITMENT,
  seed: SEED,
  k: 3,
  policy,
  outcome,
  entries: Array.from({ length: 10 }, (_, i) => ({
    seat: i + 1,
    userId: `u${String(i + 1).padStart(2, "0")}`,
    eligible: eligible ? eligible.includes(i + 1) : true,
    reason: eligible && !eligible.includes(i + 1) ? "firstOfDay" : null,
  })),
  winners,
});

describe("browser verifier (components/draw/verify-draw.ts, WebCrypto) on the spec's vectors", () => {
  it("runs on WebCrypto, not node:crypto", () => {
    expect(globalThis.crypto?.subtle).toBeDefined();
  });

  it("commitment and block 0", async () => {
    expect(await sha256Hex(hexToBytes(SEED))).toBe(COMMITMENT);
    const key = await crypto.subtle.importKey("raw", hexToBytes(SEED), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const message = drawMessage(GROUP, proof(null, "random", "drawn", []).entries);
    const block0 = Buffer.from(await hmacBlock(key, message, 0)).toString("hex");
    expect(block0).toBe("6e181cf11768ba1b296d517502acc7e17cf2c1f730d806cecb9d3baed54b4244");
    // Same bytes as node:crypto would give for the same message (an independent cross-check).
    expect(block0).toBe(createHmac("sha256", Buffer.from(SEED, "hex")).update(`${message}|0`).digest("hex"));
  });

  it("all eligible → 3, 4, 8", async () => {
    const r = await verifyDraw(proof(null, "random", "drawn", [3, 4, 8]));
    expect(r).toMatchObject({ ok: true, commitmentOk: true, derivedOutcome: "drawn", derivedWinners: [3, 4, 8], problems: [] });
  });

  it("seats 1 and 4 ineligible → 3, 5, 8", async () => {
    const r = await verifyDraw(proof([2, 3, 5, 6, 7, 8, 9, 10], "dissolve", "drawn", [3, 5, 8]));
    expect(r).toMatchObject({ ok: true, derivedWinners: [3, 5, 8], ineligibleSeats: [1, 4] });
  });

  it("only 2 and 7 eligible, policy random → 2, 3, 7", async () => {
    const r = await verifyDraw(proof([2, 7], "random", "drawn", [2, 3, 7]));
    expect(r).toMatchObject({ ok: true, derivedOutcome: "drawn", derivedWinners: [2, 3, 7] });
  });

  it("only 2 and 7 eligible, policy dissolve → dissolved", async () => {
    const r = await verifyDraw(proof([2, 7], "dissolve", "dissolved", []));
    expect(r).toMatchObject({ ok: true, derivedOutcome: "dissolved", derivedWinners: [] });
  });

  it("rejects tampered proofs", async () => {
    // Published winners changed.
    const winners = await verifyDraw(proof(null, "random", "drawn", [3, 4, 9]));
    expect(winners.ok).toBe(false);
    expect(winners.problems).toEqual([{ code: "winners", published: [3, 4, 9], derived: [3, 4, 8] }]);
    // A different seed: the commitment no longer matches (and the winners change with it).
    const seed = await verifyDraw({ ...proof(null, "random", "drawn", [3, 4, 8]), seed: SEED.replace(/^9f/, "9e") });
    expect(seed.ok).toBe(false);
    expect(seed.commitmentOk).toBe(false);
    // An entry list edited after the draw (a user id swapped) re-derives other winners.
    const base = proof(null, "random", "drawn", [3, 4, 8]);
    const swapped = await verifyDraw({ ...base, entries: base.entries.map((e) => (e.seat === 5 ? { ...e, userId: "u99" } : e)) });
    expect(swapped.ok).toBe(false);
    expect(swapped.problems.map((p) => p.code)).toContain("winners");
    // Eligibility flipped after the fact.
    const flipped = await verifyDraw({ ...base, entries: base.entries.map((e) => (e.seat === 4 ? { ...e, eligible: false } : e)) });
    expect(flipped.ok).toBe(false);
    // A dissolve claimed where the policy says random.
    expect((await verifyDraw(proof([2, 7], "random", "dissolved", []))).ok).toBe(false);
    // The seed withheld.
    const hidden = await verifyDraw({ ...base, seed: null });
    expect(hidden).toMatchObject({ ok: false, problems: [{ code: "seedHidden" }] });
  });

  it("a group dissolved before any draw (timeout) checks the commitment only", async () => {
    const base = proof(null, "random", "dissolved", []);
    const timeout = { ...base, entries: base.entries.slice(0, 4).map((e) => ({ ...e, eligible: null, reason: null })) };
    expect(await verifyDraw(timeout)).toMatchObject({ ok: true, undrawn: true, commitmentOk: true, derivedOutcome: "dissolved" });
    expect((await verifyDraw({ ...timeout, seed: SEED.replace(/^9f/, "9e") })).ok).toBe(false);
  });
});
