import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { drawWinners } from "@/server/domain/draw/pinpin-draw-v1";

/**
 * Spec §3: K winners are chosen uniformly at random. 300,000 draws of N = 10, K = 3: each seat should
 * win 3/10 of the time. A chi-square test over the seat win counts (df = 9) accepts at p > 0.001
 * (critical value 27.877). The same test must reject deliberately biased variants, or it proves nothing.
 *
 * The seeds are sha256(label:i), not fresh CSPRNG output: as uniform for this purpose, and the same on
 * every run, so a fair draw cannot fail the test one run in a thousand (it did, with fresh seeds) and a
 * failure always reproduces.
 */
const N = 10;
const K = 3;
// 300,000 draws: enough that the 8-bit modulo bias below (a 1% shift per seat) is rejected
// essentially always (expected chi-square ≈ 85), while a fair draw passes 999 times in 1000.
const DRAWS = 300_000;
const CHI2_CRITICAL_DF9_P001 = 27.877;
const USERS = Array.from({ length: N }, (_, i) => ({ seat: i + 1, userId: `00000000-0000-4000-8000-0000000000${String(i + 1).padStart(2, "0")}`, eligible: true }));
const GROUP = "6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";

function chiSquare(counts: number[], expected: number): number {
  return counts.reduce((acc, o) => acc + (o - expected) ** 2 / expected, 0);
}

/** `count` 32-byte seeds, sha256(label:i) in hex: uniform enough, and the same on every run. */
function* seeds(count: number, label: string): Generator<string> {
  for (let i = 0; i < count; i++) yield createHash("sha256").update(`${label}:${i}`).digest("hex");
}

/** Seat win counts over `DRAWS` draws, each with a fresh seed; fails if a draw returns a wrong count. */
function seatWins(draw: (seedHex: string) => number[], withSeeds = true): number[] {
  const wins = Array.from({ length: N }, () => 0);
  let bad = 0;
  for (let d = 0, it = withSeeds ? seeds(DRAWS, "seat-wins") : null; d < DRAWS; d++) {
    const winners = draw(it ? (it.next().value as string) : "");
    if (winners.length !== K || new Set(winners).size !== K) bad += 1;
    for (const seat of winners) wins[seat - 1]! += 1;
  }
  expect(bad).toBe(0);
  return wins;
}

const real = (seedHex: string) => {
  const r = drawWinners({ seedHex, groupId: GROUP, k: K, policy: "random", entries: USERS });
  return r.winners;
};

/**
 * The biased variants only need uniform words to show their bias; a sha256 counter stream, read 32
 * bits at a time, keeps the run short; the draw under test above uses the real HMAC stream.
 */
function hashWords(label: string): () => number {
  let block = 0;
  let buf = Buffer.alloc(0);
  let off = 0;
  return () => {
    if (off >= buf.length) {
      buf = createHash("sha256").update(`${label}:${block++}`).digest();
      off = 0;
    }
    const w = buf.readUInt32BE(off);
    off += 4;
    return w;
  };
}
const fastWords = hashWords("biased");

/** pick() with a biased uniform: `w mod m` of an 8-bit word, no rejection (256 mod 10 = 6 favours 0..5). */
const modBias8 = () => {
  const next = fastWords;
  const a = USERS.map((u) => u.seat);
  for (let i = 0; i < K; i++) {
    const j = i + ((next() >>> 24) % (a.length - i));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, K);
};

/** Off-by-one Fisher–Yates: j = i + uniform(len − i − 1) + 1 never leaves an element in place (Sattolo). */
const offByOne = () => {
  const next = fastWords;
  const a = USERS.map((u) => u.seat);
  for (let i = 0; i < K; i++) {
    const m = a.length - i - 1;
    const limit = 2 ** 32 - (2 ** 32 % m);
    let w = next();
    while (w >= limit) w = next();
    const j = i + 1 + (w % m);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, K);
};

describe("pinpin-draw-v1 fairness (100,000 draws, N = 10, K = 3)", () => {
  it("the real draw: seat win counts pass chi-square at p > 0.001", () => {
    const wins = seatWins(real);
    expect(wins.reduce((a, b) => a + b, 0)).toBe(DRAWS * K);
    const chi2 = chiSquare(wins, (DRAWS * K) / N);
    expect(chi2, `wins ${wins.join(",")}`).toBeLessThan(CHI2_CRITICAL_DF9_P001);
  });

  it("the same test rejects `w mod m` on 8-bit words without rejection", () => {
    const chi2 = chiSquare(seatWins(modBias8, false), (DRAWS * K) / N);
    expect(chi2).toBeGreaterThan(CHI2_CRITICAL_DF9_P001);
  });

  it("the same test rejects an off-by-one Fisher–Yates", () => {
    const chi2 = chiSquare(seatWins(offByOne, false), (DRAWS * K) / N);
    expect(chi2).toBeGreaterThan(CHI2_CRITICAL_DF9_P001);
  });

  it("the random-policy top-up is uniform too: 2 eligible seats always win, the third slot is fair among 8", () => {
    const entries = USERS.map((u) => ({ ...u, eligible: u.seat === 4 || u.seat === 9 }));
    const third = Array.from({ length: N }, () => 0);
    const draws = 40_000;
    let missing = 0;
    for (const seedHex of seeds(draws, "top-up")) {
      const winners: number[] = drawWinners({ seedHex, groupId: GROUP, k: K, policy: "random", entries }).winners;
      if (!winners.includes(4) || !winners.includes(9) || winners.length !== K) missing += 1;
      for (const s of winners) if (s !== 4 && s !== 9) third[s - 1]! += 1;
    }
    expect(missing).toBe(0);
    const counts = third.filter((_, i) => i !== 3 && i !== 8);
    // df = 7: critical value at p = 0.001 is 24.322.
    expect(chiSquare(counts, draws / 8), `counts ${counts.join(",")}`).toBeLessThan(24.322);
  });
});
