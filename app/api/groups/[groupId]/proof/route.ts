import { appDb } from "@/server/db";
import { cookieLocale, errorResponse, thrownErrorResponse } from "@/server/http/error-response";
import { readGroupProof } from "@/server/domain/groups/read-group-proof";

/** Public JSON proof of a group's draw (spec §3 step 7). */
export async function GET(_req: Request, { params }: { params: Promise<{ groupId: string }> }): Promise<Response> {
  const { groupId } = await params;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(groupId)) return errorResponse(await cookieLocale(), "NOT_FOUND");
  try {
    const proof = await readGroupProof(appDb(), groupId);
    return Response.json(proof, { headers: { "cache-control": proof.seed ? "public, max-age=31536000, immutable" : "no-store" } });
  } catch (e) {
    return thrownErrorResponse(await cookieLocale(), e, "proof");
  }
}
