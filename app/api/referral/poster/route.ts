import { siteOrigin } from "@/components/me/site-origin";
import { auth } from "@/server/auth";
import { appDb } from "@/server/db";
import { posterResponse } from "@/server/og/image-responses";
import { requestClock } from "@/server/test-clock";

/** The signed-in shopper's share poster as a PNG (server/og/image-responses.ts says what it takes). */
export async function GET(req: Request): Promise<Response> {
  const session = await auth();
  const user = session?.user?.id ? { id: session.user.id, role: session.user.role } : null;
  return posterResponse(appDb(), requestClock(), user, new URL(req.url).searchParams, await siteOrigin());
}
