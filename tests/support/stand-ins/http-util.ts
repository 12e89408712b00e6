import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A stand-in's request, read whole: the stand-ins verify signatures over the exact bytes. */
export interface StandInRequest {
  method: string;
  url: URL;
  headers: IncomingMessage["headers"];
  body: string;
}

export type StandInHandler = (req: StandInRequest, res: ServerResponse) => unknown;

/** Starts a local HTTP server on a free port (127.0.0.1) and returns its origin and a closer. */
export async function startStandInServer(handler: StandInHandler, port = 0): Promise<{ origin: string; server: Server; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    // One request per connection: a kept-alive socket the server closes while a busy test process is
    // not looking would fail the client's next request ("fetch failed"), which is not what is tested.
    res.setHeader("connection", "close");
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const request: StandInRequest = { method: req.method ?? "GET", url: new URL(req.url ?? "/", "http://stand-in"), headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      Promise.resolve(handler(request, res)).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end(String(e));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendHtml(res: ServerResponse, html: string): void {
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  res.end(html);
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location });
  res.end();
}

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A small cashier page: the amount, and one button that posts to `action`. Not the shop's style: it is the provider's. */
export function cashierPage(input: { title: string; amountText: string; action: string; fields: Record<string, string>; button: string; color: string }): string {
  const hidden = Object.entries(input.fields)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join("");
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(input.title)}</title></head>
<body style="font-family:sans-serif;margin:0;background:#f5f5f5"><header style="background:${input.color};color:#fff;padding:16px;font-size:17px">${escapeHtml(input.title)}</header>
<main style="padding:24px;text-align:center"><p data-testid="stand-in-amount" style="font-size:36px;margin:24px 0">${escapeHtml(input.amountText)}</p>
<form method="post" action="${escapeHtml(input.action)}">${hidden}<button type="submit" style="width:100%;min-height:48px;border:0;border-radius:8px;background:${input.color};color:#fff;font-size:17px">${escapeHtml(input.button)}</button></form></main></body></html>`;
}
