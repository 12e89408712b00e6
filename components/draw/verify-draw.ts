/**
 * The browser's own check of a draw (`pinpin-draw-v1`, docs/verify-draw.md), with WebCrypto only:
 * SHA-256 for the commitment and HMAC-SHA256 for the word stream. It shares no code with the
 * server's implementation (server/domain/draw/pinpin-draw-v1.ts), so a bug or a lie there shows
 * up here as a mismatch. Tests run it against the spec's vectors (tests/draw/browser-verifier.test.ts).
 */

export const ALGORITHM = "pinpin-draw-v1";

/** The public proof, as `GET /api/groups/<id>/proof` and `activities.proof` return it. */
export interface DrawProof {
  algorithm: string;
  groupId: string;
  commitment: string;
  seed: string | null;
  k: number;
  policy: "dissolve" | "random";
  outcome: string;
  entries: readonly { seat: number; userId: string; eligible: boolean | null; reason: string | null }[];
  winners: readonly number[];
}

export type VerifyProblem =
  | { code: "algorithm"; found: string }
  | { code: "seedHidden" }
  | { code: "seedMalformed" }
  | { code: "commitment"; computed: string }
  | { code: "outcome"; published: string; derived: string }
  | { code: "winners"; published: number[]; derived: number[] };

export interface VerifyResult {
  ok: boolean;
  /** hex(sha256(seed bytes)), or null while the seed is not revealed. */
  computedCommitment: string | null;
  commitmentOk: boolean;
  /** The HMAC message the stream is keyed on: "pinpin-draw-v1|groupId|1:u…,2:u…". */
  message: string;
  eligibleSeats: number[];
  ineligibleSeats: number[];
  derivedOutcome: "drawn" | "dissolved" | null;
  derivedWinners: number[];
  /** Dissolved before any draw (timeout): eligibility was never fixed, only the commitment is checked. */
  undrawn: boolean;
  problems: VerifyProblem[];
}

const HEX64 = /^[0-9a-f]{64}$/i;

export function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(new ArrayBuffer(hex.length / 2));
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function bytesToHex(bytes: ArrayBuffer | Uint8Array): string {
  return Array.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
}

function subtleCrypto(): SubtleCrypto {
  const subtle = globalThis.crypto?.subtle;
  // crypto.subtle exists only in secure contexts (https or localhost).
  if (!subtle) throw new Error("WebCrypto (crypto.subtle) is not available here");
  return subtle;
}

export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return bytesToHex(await subtleCrypto().digest("SHA-256", bytes));
}

export function drawMessage(groupId: string, entries: readonly { seat: number; userId: string }[]): string {
  const list = [...entries].sort((a, b) => a.seat - b.seat).map((e) => `${e.seat}:${e.userId}`);
  return `${ALGORITHM}|${groupId}|${list.join(",")}`;
}

/** Block i = HMAC-SHA256(seed, message + "|" + i); 8 big-endian 32-bit words per block, in order. */
export async function hmacBlock(key: CryptoKey, message: string, index: number): Promise<Uint8Array> {
  return new Uint8Array(await subtleCrypto().sign("HMAC", key, new TextEncoder().encode(`${message}|${index}`)));
}

function wordStream(key: CryptoKey, message: string): () => Promise<number> {
  let block = 0;
  let view: DataView | null = null;
  let offset = 0;
  return async () => {
    if (!view || offset >= view.byteLength) {
      const bytes = await hmacBlock(key, message, block++);
      view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      offset = 0;
    }
    const w = view.getUint32(offset, false);
    offset += 4;
    return w;
  };
}

/** Rejection sampling: a word at or above the largest multiple of m below 2^32 is skipped. */
async function uniform(next: () => Promise<number>, m: number): Promise<number> {
  const limit = 2 ** 32 - (2 ** 32 % m);
  for (;;) {
    const w = await next();
    if (w < limit) return w % m;
  }
}

/** Partial Fisher–Yates on a copy; the first n are chosen. */
async function pick(next: () => Promise<number>, list: readonly number[], n: number): Promise<number[]> {
  const a = [...list];
  for (let i = 0; i < n; i++) {
    const j = i + (await uniform(next, a.length - i));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, n);
}

/** Re-derives a closed group's outcome from its proof and says whether it matches what was published. */
export async function verifyDraw(proof: DrawProof): Promise<VerifyResult> {
  const problems: VerifyProblem[] = [];
  if (proof.algorithm !== ALGORITHM) problems.push({ code: "algorithm", found: proof.algorithm });
  const sorted = [...proof.entries].sort((a, b) => a.seat - b.seat);
  const message = drawMessage(proof.groupId, sorted);
  const eligibleSeats = sorted.filter((e) => e.eligible).map((e) => e.seat);
  const ineligibleSeats = sorted.filter((e) => !e.eligible).map((e) => e.seat);
  const undrawn = sorted.length === 0 || sorted.some((e) => e.eligible === null);
  const base = { message, eligibleSeats, ineligibleSeats, undrawn };

  if (!proof.seed) return { ...base, ok: false, computedCommitment: null, commitmentOk: false, derivedOutcome: null, derivedWinners: [], problems: [...problems, { code: "seedHidden" }] };
  if (!HEX64.test(proof.seed)) return { ...base, ok: false, computedCommitment: null, commitmentOk: false, derivedOutcome: null, derivedWinners: [], problems: [...problems, { code: "seedMalformed" }] };

  const seedBytes = hexToBytes(proof.seed);
  const computedCommitment = await sha256Hex(seedBytes);
  const commitmentOk = computedCommitment === proof.commitment.toLowerCase();
  if (!commitmentOk) problems.push({ code: "commitment", computed: computedCommitment });

  if (undrawn) {
    // No draw happened (e.g. dissolved on timeout): the seed must still match, and nobody won.
    if (proof.outcome !== "dissolved") problems.push({ code: "outcome", published: proof.outcome, derived: "dissolved" });
    if (proof.winners.length > 0) problems.push({ code: "winners", published: [...proof.winners], derived: [] });
    return { ...base, ok: problems.length === 0, computedCommitment, commitmentOk, derivedOutcome: "dissolved", derivedWinners: [], problems };
  }

  const key = await subtleCrypto().importKey("raw", seedBytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const next = wordStream(key, message);
  let derivedWinners: number[];
  let derivedOutcome: "drawn" | "dissolved";
  if (eligibleSeats.length >= proof.k) {
    derivedWinners = await pick(next, eligibleSeats, proof.k);
    derivedOutcome = "drawn";
  } else if (proof.policy === "random") {
    derivedWinners = [...eligibleSeats, ...(await pick(next, ineligibleSeats, proof.k - eligibleSeats.length))];
    derivedOutcome = "drawn";
  } else {
    derivedWinners = [];
    derivedOutcome = "dissolved";
  }
  derivedWinners.sort((a, b) => a - b);

  if (proof.outcome !== derivedOutcome) problems.push({ code: "outcome", published: proof.outcome, derived: derivedOutcome });
  const published = [...proof.winners].sort((a, b) => a - b);
  if (published.join(",") !== derivedWinners.join(",")) problems.push({ code: "winners", published, derived: derivedWinners });
  return { ...base, ok: problems.length === 0, computedCommitment, commitmentOk, derivedOutcome, derivedWinners, problems };
}
