export interface Proof {
  algorithm: string;
  groupId: string;
  commitment: string;
  seed: string | null;
  k: number;
  policy: "dissolve" | "random";
  outcome: string;
  entries: { seat: number; userId: string; eligible: boolean | null; reason?: string | null }[];
  winners: number[];
}
export function verifyProof(proof: Proof): { ok: boolean; problems: string[]; winners: number[] };
