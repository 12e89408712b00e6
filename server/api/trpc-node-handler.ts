import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { TRPCError } from "@trpc/server";
import { resolveResponse } from "@trpc/server/http";
import { readSessionCookie } from "../auth/session-cookie";
import { isAllowedOrigin } from "../http/check-origin";
import { parseCookieHeader } from "../http/cookie-header";
import { DEVICE_COOKIE, deviceCookie, newDeviceId, readDeviceId } from "../http/device-id";
import { errorPayload } from "../http/error-payload";
import { API_SECURITY_HEADERS } from "../http/security-headers";
import { LOCALE_COOKIE, pickLocale } from "../i18n/locales";
import { contextOf } from "./context-of";
import { appRouter } from "./root";

/** The tRPC endpoint's path; scripts/serve.ts answers it here rather than through Next.js. */
export const TRPC_PREFIX = "/api/trpc/";

/** Request bodies are procedure inputs (files go to their own routes): a megabyte is far more than any needs. */
const MAX_BODY_BYTES = 1 << 20;

/** The request's headers as `Headers.get` and `.has` read them (Node lower-cases names; repeated ones are joined). */
function headerReader(req: IncomingMessage): Pick<Headers, "get" | "has"> {
  return {
    get(name: string) {
      const v = req.headers[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
    },
    has(name: string) {
      return req.headers[name.toLowerCase()] !== undefined;
    },
  };
}

/** The procedure path(s) of a request's URL (`a.b` or, batched, `a.b,c.d`); a malformed escape is left as sent, which names no procedure. */
function procedurePath(url: string): string {
  const raw = url.slice(TRPC_PREFIX.length).split("?", 1)[0] ?? "";
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** The request's body as text, or null past `limit` bytes (then the rest is read and dropped). */
function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on("end", () => resolve(size <= limit ? Buffer.concat(chunks, size).toString("utf8") : null));
    req.on("error", reject);
    req.on("close", () => {
      if (!req.complete) reject(new Error("the client went away before its request's end"));
    });
  });
}

/**
 * What tRPC's `resolveResponse` reads of a fetch `Request` (method, url, headers, signal and the
 * body as JSON), over the Node request and its body already read. Building a real `Request` (as tRPC's
 * own Node adapter does, with a web stream for the body) and streaming its answer back took this
 * process from 1.3 to 2.7 ms of CPU per join (docs/performance.md). The procedures take JSON only:
 * form data is refused. Answers are whole JSON documents (the client's httpBatchLink; no procedure
 * streams or subscribes).
 */
function requestFor(req: IncomingMessage, url: string, headers: Pick<Headers, "get" | "has">, body: string | undefined, signal: AbortSignal): Request {
  const view = {
    method: req.method ?? "GET",
    url,
    headers,
    signal,
    body: null,
    json: async () => (body ? JSON.parse(body) : undefined),
    text: async () => body ?? "",
    formData: async () => {
      throw new TRPCError({ code: "UNSUPPORTED_MEDIA_TYPE", message: "The API takes JSON." });
    },
  };
  return view as unknown as Request;
}

/**
 * The tRPC endpoint on Node's own request and response, as scripts/serve.ts receives them. It does
 * what the Next.js route (app/api/trpc/[trpc]/route.ts) and next.config.ts do for it, without Next's
 * routing, web streams and next-auth's re-issued cookie per answer (docs/performance.md): the API's
 * security headers, the Origin check on mutations, a device id for a browser that had none, and the
 * session read from next-auth's cookie with next-auth's key and checks (server/auth/session-cookie.ts).
 */
export async function handleTrpcRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    await answer(req, res);
  } catch (e) {
    // tRPC answers every error of a procedure itself; this is the request failing around it (a client
    // that went away mid-body, a socket error): nothing to say to anyone but the log.
    if (req.complete) console.error("[trpc] request failed", e);
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  }
}

async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
  for (const { key, value } of API_SECURITY_HEADERS) res.setHeader(key, value);
  res.setHeader("Cache-Control", "no-store");
  const headers = headerReader(req);
  const cookies = parseCookieHeader(req.headers.cookie);
  // Forwarding headers reach here only from TRUSTED_PROXIES (scripts/serve.ts drops them otherwise).
  const https = headers.get("x-forwarded-proto") === "https";
  const url = `${https ? "https" : "http"}://${req.headers.host ?? "localhost"}${req.url ?? "/"}`;
  if (req.method !== "GET" && req.method !== "HEAD" && req.method !== "OPTIONS" && !isAllowedOrigin(headers, url)) {
    const { status, body } = errorPayload(pickLocale(cookies.get(LOCALE_COOKIE)), "ORIGIN_REJECTED");
    res.statusCode = status;
    res.setHeader("Content-Type", "application/json");
    res.end(JSON.stringify(body));
    return;
  }
  // A browser without a device id gets one with its first API answer.
  const issued = readDeviceId(cookies.get(DEVICE_COOKIE)) ? undefined : newDeviceId();
  if (issued) res.appendHeader("Set-Cookie", deviceCookie(issued, https));
  const body = req.method === "GET" || req.method === "HEAD" ? undefined : await readBody(req, MAX_BODY_BYTES);
  // Aborted when the client goes away before its answer (tRPC passes it on to the procedures).
  const aborted = new AbortController();
  res.once("close", () => {
    if (!res.writableEnded) aborted.abort();
  });
  const response = await resolveResponse({
    req: requestFor(req, url, headers, body ?? undefined, aborted.signal),
    path: procedurePath(req.url ?? ""),
    router: appRouter,
    error: body === null ? new TRPCError({ code: "PAYLOAD_TOO_LARGE" }) : null,
    createContext: async () => {
      const sessionCheck = { unavailable: false };
      const session = await readSessionCookie(cookies, https, sessionCheck);
      return contextOf({ session, sessionCheck, cookie: (name) => cookies.get(name), headers, deviceId: issued });
    },
  });
  res.statusCode = response.status;
  // tRPC sets no cookies (the device id above is ours); its other headers are content type and vary.
  response.headers.forEach((value, key) => {
    if (key !== "set-cookie") res.setHeader(key, value);
  });
  res.end(await response.text());
}
