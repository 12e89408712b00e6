import { appDb } from "@/server/db";
import { isDomainError } from "@/server/domain/shared/errors";
import { readGroupProof } from "@/server/domain/groups/read-group-proof";

/** Public JSON proof of a group's draw (spec §3 step 7). */
export async function GET(_req: Request, { params }: { params: Promise<{ groupId: string }> }): Promise<Response> {
  const { groupId } = await params;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(groupId)) return Response.json({ error: "NOT_FOUND" }, { status: 404 });
  try {
    const proof = await readGroupProof(appDb(), groupId);
    return Response.json(proof, { headers: { "cache-control": proof.seed ? "public, max-age=31536000, immutable" : "no-store" } });
  } catch (e) {
    if (isDomainError(e) && e.code === "NOT_FOUND") return Response.json({ error: "NOT_FOUND" }, { status: 404 });
    throw e;
  }
}
