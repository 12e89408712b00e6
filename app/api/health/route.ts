import { databaseAnswers } from "@/server/http/database-health";

export const dynamic = "force-dynamic";

/**
 * For a load balancer: 200 when the database answers `SELECT 1` within a second, else 503. No
 * session, no Origin, nothing about the database in the answer.
 */
export async function GET(): Promise<Response> {
  const ok = await databaseAnswers();
  return Response.json({ status: ok ? "ok" : "unavailable" }, { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } });
}

export async function HEAD(): Promise<Response> {
  const ok = await databaseAnswers();
  return new Response(null, { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } });
}
