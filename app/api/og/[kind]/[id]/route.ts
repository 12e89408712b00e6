import { appDb } from "@/server/db";
import { previewResponse } from "@/server/og/image-responses";
import { requestClock } from "@/server/test-clock";

/** Public link-preview cards (Open Graph images) for invitations, activities and products. */
export async function GET(req: Request, { params }: { params: Promise<{ kind: string; id: string }> }): Promise<Response> {
  const { kind, id } = await params;
  return previewResponse(appDb(), requestClock(), kind, decodeURIComponent(id), new URL(req.url).searchParams);
}
