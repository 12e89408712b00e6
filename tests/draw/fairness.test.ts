import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { drawWinners } from "@/server/domain/draw/pinpin-draw-v1";

/**
 * Spec §3: K winners are chosen uniformly at random. 300,000 draws of N = 10, K = 3 with fresh
 * CSPRNG seeds: each seat should win 3/10 of the time. A chi-square test over the seat win counts
 * (df = 9) accepts at p > 0.001 (critical value 27.877), so a fair draw fails it once in 1000 runs.
 * The same test must reject deliberately biased variants, or it proves nothing.
 */
const N = 10;
const K = 3;
// 300,000 draws: enough that the 8-bit modulo bias below (a 1% shift per seat) is rejected
// essentially always (expected chi-square ≈ 85), while a fair draw passes 999 times in 1000.
const DRAWS = 300_000;
const CHI2_CRITICAL_DF9_P001 = 27.877;
const USERS = Array.from({ length: N }, (_, i) => ({ seat: i + 1, userId: randomUUID(), eligible: true }));
const GROUP = randomUUID();

function chiSquare(counts: number[], expected: number): number {
  return counts.reduce((acc, o) => acc + (o - expected) ** 2 / expected, 0);
}

/** Fresh 32-byte seeds from the CSPRNG, `count` of them (drawn in batches: one syscall per 1024). */
function* seeds(count: number): Generator<string> {
  for (let done = 0; done < count; ) {
    const n = Math.min(1024, count - done);
    const buf = randomBytes(32 * n);
    for (let i = 0; i < n; i++) yield buf.toString("hex", 32 * i, 32 * i + 32);
    done += n;
  }
}

/** Seat win counts over `DRAWS` draws, each with a fresh seed; fails if a draw returns a wrong count. */
function seatWins(draw: (seedHex: string) => number[], withSeeds = true): number[] {
  const wins = Array.from({ length: N }, () => 0);
  let bad = 0;
  for (let d = 0, it = withSeeds ? seeds(DRAWS) : null; d < DRAWS; d++) {
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
 * The biased variants only need uniform words to show their bias; reading them from one CSPRNG
 * buffer instead of an HMAC stream per draw keeps the run short; the draw under test above uses
 * the real HMAC stream.
 */
function csprngWords(): () => number {
  let buf = randomBytes(1 << 16);
  let off = 0;
  return () => {
    if (off >= buf.length) {
      buf = randomBytes(1 << 16);
      off = 0;
    }
    const w = buf.readUInt32BE(off);
    off += 4;
    return w;
  };
}
const fastWords = csprngWords();

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
    for (const seedHex of seeds(draws)) {
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
