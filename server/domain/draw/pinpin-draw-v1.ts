import { createHash, createHmac } from "node:crypto";

/**
 * `pinpin-draw-v1` (spec §3, normative). Pure and dependency-free apart from node:crypto, so the
 * standalone verifier and the tests run exactly this code; the browser verifier mirrors it with
 * WebCrypto (components/draw/verify-draw.ts) and is checked against the same vectors.
 */
export const DRAW_ALGORITHM = "pinpin-draw-v1";

export interface DrawEntry {
  seat: number;
  userId: string;
  eligible: boolean;
}

export type DrawOutcome = { outcome: "drawn"; winners: number[] } | { outcome: "dissolved"; winners: [] };

export function commitmentOf(seedHex: string): string {
  return createHash("sha256").update(Buffer.from(seedHex, "hex")).digest("hex");
}

/** `"pinpin-draw-v1|" + groupId + "|" + "seat:userId,…"` in ascending seat order. */
export function drawMessage(groupId: string, entries: readonly { seat: number; userId: string }[]): string {
  const list = [...entries].sort((a, b) => a.seat - b.seat).map((e) => `${e.seat}:${e.userId}`);
  return `${DRAW_ALGORITHM}|${groupId}|${list.join(",")}`;
}

/** The word stream: block i = HMAC-SHA256(seed, message + "|" + i), 8 big-endian 32-bit words each. */
export function wordStream(seedHex: string, message: string): () => number {
  const key = Buffer.from(seedHex, "hex");
  let block = 0;
  let buf = Buffer.alloc(0);
  let offset = 0;
  return () => {
    if (offset >= buf.length) {
      buf = createHmac("sha256", key).update(`${message}|${block}`).digest();
      block += 1;
      offset = 0;
    }
    const w = buf.readUInt32BE(offset);
    offset += 4;
    return w;
  };
}

/** Unbiased integer in [0, m): rejection sampling above the largest multiple of m below 2^32. */
export function uniform(next: () => number, m: number): number {
  const limit = 2 ** 32 - (2 ** 32 % m);
  for (;;) {
    const w = next();
    if (w < limit) return w % m;
  }
}

/** Partial Fisher–Yates on a copy: the first n of the shuffled list. */
export function pick<T>(next: () => number, list: readonly T[], n: number): T[] {
  const a = [...list];
  for (let i = 0; i < n; i++) {
    const j = i + uniform(next, a.length - i);
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a.slice(0, n);
}

/** Derives the winners of a closed group from its revealed seed and fixed eligibility. */
export function drawWinners(input: {
  seedHex: string;
  groupId: string;
  k: number;
  policy: "dissolve" | "random";
  entries: readonly DrawEntry[];
}): DrawOutcome {
  const sorted = [...input.entries].sort((a, b) => a.seat - b.seat);
  const next = wordStream(input.seedHex, drawMessage(input.groupId, sorted));
  const eligible = sorted.filter((e) => e.eligible).map((e) => e.seat);
  const ineligible = sorted.filter((e) => !e.eligible).map((e) => e.seat);
  let winners: number[];
  if (eligible.length >= input.k) {
    winners = pick(next, eligible, input.k);
  } else if (input.policy === "random") {
    winners = [...eligible, ...pick(next, ineligible, input.k - eligible.length)];
  } else {
    return { outcome: "dissolved", winners: [] };
  }
  return { outcome: "drawn", winners: winners.sort((a, b) => a - b) };
}
