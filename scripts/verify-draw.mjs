#!/usr/bin/env node
// Standalone verifier for pinpin-draw-v1 (docs/verify-draw.md). It imports nothing from the
// project: only node:crypto, so anyone can read it whole and check a draw independently.
//
//   npm run verify-draw -- <groupId> [--url http://localhost:3000]
//   npm run verify-draw -- --file proof.json
import { createHash, createHmac } from "node:crypto";
import { readFile } from "node:fs/promises";

export function verifyProof(proof) {
  const problems = [];
  if (proof.algorithm !== "pinpin-draw-v1") problems.push(`unknown algorithm ${proof.algorithm}`);
  if (!proof.seed) return { ok: false, problems: ["the seed is not revealed yet (group still open)"], winners: [] };
  const commitment = createHash("sha256").update(Buffer.from(proof.seed, "hex")).digest("hex");
  if (commitment !== proof.commitment) problems.push(`sha256(seed) = ${commitment} ≠ commitment ${proof.commitment}`);

  const entries = [...proof.entries].sort((a, b) => a.seat - b.seat);
  const message = `pinpin-draw-v1|${proof.groupId}|${entries.map((e) => `${e.seat}:${e.userId}`).join(",")}`;
  const key = Buffer.from(proof.seed, "hex");
  let block = 0, buf = Buffer.alloc(0), offset = 0;
  const next = () => {
    if (offset >= buf.length) { buf = createHmac("sha256", key).update(`${message}|${block++}`).digest(); offset = 0; }
    const w = buf.readUInt32BE(offset); offset += 4; return w;
  };
  const uniform = (m) => { const limit = 2 ** 32 - (2 ** 32 % m); for (;;) { const w = next(); if (w < limit) return w % m; } };
  const pick = (list, n) => { const a = [...list]; for (let i = 0; i < n; i++) { const j = i + uniform(a.length - i); [a[i], a[j]] = [a[j], a[i]]; } return a.slice(0, n); };

  const E = entries.filter((e) => e.eligible).map((e) => e.seat);
  const I = entries.filter((e) => !e.eligible).map((e) => e.seat);
  let winners;
  if (E.length >= proof.k) winners = pick(E, proof.k);
  else if (proof.policy === "random") winners = [...E, ...pick(I, proof.k - E.length)];
  else winners = [];
  winners.sort((a, b) => a - b);
  const expectedOutcome = winners.length ? "drawn" : "dissolved";
  if (proof.outcome !== expectedOutcome) problems.push(`outcome ${proof.outcome}, re-derived ${expectedOutcome}`);
  if (JSON.stringify(winners) !== JSON.stringify(proof.winners)) problems.push(`published winners ${proof.winners} ≠ re-derived ${winners}`);
  return { ok: problems.length === 0, problems, winners };
}

async function main(argv) {
  const fileAt = argv.indexOf("--file");
  const urlAt = argv.indexOf("--url");
  let proof;
  if (fileAt >= 0) {
    proof = JSON.parse(await readFile(argv[fileAt + 1], "utf8"));
  } else {
    const groupId = argv.find((a, i) => !a.startsWith("--") && argv[i - 1] !== "--url");
    if (!groupId) throw new Error("usage: verify-draw <groupId> [--url http://localhost:3000] | --file proof.json");
    const base = urlAt >= 0 ? argv[urlAt + 1] : process.env.PINPIN_URL ?? "http://localhost:3000";
    const res = await fetch(`${base}/api/groups/${groupId}/proof`);
    if (!res.ok) throw new Error(`proof request failed: HTTP ${res.status}`);
    proof = await res.json();
  }
  const result = verifyProof(proof);
  console.log(`group      ${proof.groupId}`);
  console.log(`commitment ${proof.commitment}`);
  console.log(`seed       ${proof.seed ?? "(not revealed)"}`);
  console.log(`entries    ${proof.entries.map((e) => `${e.seat}${e.eligible ? "" : "✗"}`).join(" ")}`);
  console.log(`winners    published [${proof.winners.join(", ")}], re-derived [${result.winners.join(", ")}]`);
  console.log(result.ok ? "VERIFIED ✓" : `NOT VERIFIED ✗\n  ${result.problems.join("\n  ")}`);
  process.exitCode = result.ok ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e.message);
    process.exitCode = 2;
  });
}
