import { AD_NETWORKS, type AdNetwork } from "@/server/domain/ads/ssv/network-callback";
import { receiveNetworkCallback } from "@/server/domain/ads/receive-network-callback";
import { appDb } from "@/server/db";
import { errorResponse } from "@/server/http/error-response";
import { admobKeysFor } from "@/server/runtime/admob-key-caches";
import { requestClock } from "@/server/test-clock";

export const dynamic = "force-dynamic";

/**
 * Ad networks' server-side reward callbacks (docs/ads.md). Server to server: no session, no Origin;
 * the adapter verifies the signature over the query string exactly as it arrived.
 */
export async function GET(req: Request, { params }: { params: Promise<{ network: string }> }): Promise<Response> {
  const { network } = await params;
  if (!(AD_NETWORKS as readonly string[]).includes(network)) return errorResponse("zh-CN", "NOT_FOUND");
  const at = req.url.indexOf("?");
  const rawQuery = at < 0 ? "" : req.url.slice(at + 1);
  try {
    const answer = await receiveNetworkCallback(appDb(), requestClock(), { network: network as AdNetwork, rawQuery, admobKeys: admobKeysFor });
    if (!answer.body.isValid) console.warn(`[ads.ssv] ${network}: ${answer.outcome}`);
    return Response.json(answer.body, { status: answer.status });
  } catch (e) {
    // The networks' own answer shape (they read `isValid`), never a stack.
    console.error(`[ads.ssv] ${network} failed`, e);
    return Response.json({ isValid: false }, { status: 500 });
  }
}
