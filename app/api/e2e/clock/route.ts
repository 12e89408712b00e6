import { z } from "zod";
import { errorResponse } from "@/server/http/error-response";
import { moveTestClock, requestClock, testClockEnabled } from "@/server/test-clock";

/**
 * Playwright's handle on the server clock (server/test-clock.ts): GET reads it, PUT { at } moves it,
 * DELETE puts it back. Not found on any server but the e2e one.
 */
export const dynamic = "force-dynamic";

const notFound = () => errorResponse("en", "NOT_FOUND");
const now = () => Response.json({ now: requestClock().now().toISOString() });

export function GET(): Response {
  return testClockEnabled() ? now() : notFound();
}

export async function PUT(req: Request): Promise<Response> {
  if (!testClockEnabled()) return notFound();
  const body = z.object({ at: z.string().datetime({ offset: true }) }).safeParse(await req.json().catch(() => null));
  if (!body.success) return errorResponse("en", "BAD_INPUT", { field: "at" });
  moveTestClock(new Date(body.data.at));
  return now();
}

export function DELETE(): Response {
  if (!testClockEnabled()) return notFound();
  moveTestClock(null);
  return now();
}
