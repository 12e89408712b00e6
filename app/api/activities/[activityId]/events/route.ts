import { cookieLocale, errorResponse } from "@/server/http/error-response";
import { groupEventsHub } from "@/server/realtime/group-events-hub";

export const dynamic = "force-dynamic";

/**
 * Server-Sent Events for one activity's room: a line per seat taken, fill, draw or dissolution.
 * The page refetches the room on each event, so an event carries ids, never state to trust.
 */
export async function GET(req: Request, { params }: { params: Promise<{ activityId: string }> }): Promise<Response> {
  const { activityId } = await params;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(activityId)) return errorResponse(await cookieLocale(), "NOT_FOUND");
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (chunk: string) => {
        try {
          controller.enqueue(encoder.encode(chunk));
        } catch {
          cleanup();
        }
      };
      send(`retry: 3000\n: connected\n\n`);
      const unsubscribe = groupEventsHub.subscribe((event) => {
        if (event.activityId === activityId) send(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      });
      // Proxies close idle connections; a comment line every 15 s keeps this one open.
      const heartbeat = setInterval(() => send(`: ping\n\n`), 15_000);
      cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
      };
      req.signal.addEventListener("abort", () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // Already closed by the client going away: nothing left to close.
        }
      });
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, { headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" } });
}
