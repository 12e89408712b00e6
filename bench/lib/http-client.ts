import http from "node:http";

/**
 * A browser's worth of HTTP for the HTTP benchmarks, over node:http with keep-alive (one socket per
 * closed loop, reused): a cookie jar per shopper, the next-auth sign-in the login form makes, and a
 * tRPC mutation sent the way the app's client sends it (httpBatchLink, superjson).
 */

export function keepAliveAgent(): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY, keepAliveMsecs: 10_000 });
}

/** A failed request, by kind: "HTTP 500 INTERNAL", "HTTP 409 SEATS_PER_USER_REACHED", "ECONNRESET", "timeout". */
export class RequestFailed extends Error {
  constructor(readonly code: string, message = code) {
    super(message);
    this.name = "RequestFailed";
  }
}

interface Answer {
  status: number;
  setCookies: string[];
  body: string;
}

export class HttpSession {
  private readonly jar = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    private readonly agent: http.Agent,
    private readonly timeoutMs = 30_000,
  ) {}

  cookie(name: string): string | undefined {
    return this.jar.get(name);
  }

  /** The same browser on another connection pool: `other` gets this session's cookies. */
  copyCookiesTo(other: HttpSession): void {
    for (const [k, v] of this.jar) other.jar.set(k, v);
  }

  /** One request with this session's cookies; Set-Cookie answers update the jar, as a browser's would. */
  request(method: "GET" | "POST", path: string, body?: { type: string; text: string }, headers: Record<string, string> = {}): Promise<Answer> {
    const url = new URL(path, this.baseUrl);
    const cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
    return new Promise<Answer>((resolve, reject) => {
      const req = http.request(
        {
          agent: this.agent,
          host: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          method,
          headers: {
            ...headers,
            ...(cookie ? { cookie } : {}),
            ...(body ? { "content-type": body.type, "content-length": Buffer.byteLength(body.text) } : {}),
          },
          timeout: this.timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", reject);
          res.on("end", () => {
            const setCookies = res.headers["set-cookie"] ?? [];
            for (const c of setCookies) this.store(c);
            resolve({ status: res.statusCode ?? 0, setCookies, body: Buffer.concat(chunks).toString("utf8") });
          });
        },
      );
      req.on("timeout", () => req.destroy(new RequestFailed("timeout", `${method} ${path}: no answer within ${this.timeoutMs} ms`)));
      req.on("error", (e: NodeJS.ErrnoException) => reject(e instanceof RequestFailed ? e : new RequestFailed(e.code ?? e.name, e.message)));
      if (body) req.write(body.text);
      req.end();
    });
  }

  private store(setCookie: string): void {
    const [pair, ...attrs] = setCookie.split(";");
    const eq = pair!.indexOf("=");
    if (eq < 0) return;
    const name = pair!.slice(0, eq).trim();
    const value = pair!.slice(eq + 1).trim();
    const expired = attrs.some((a) => {
      const [k, v] = a.trim().split("=");
      if (k?.toLowerCase() === "max-age") return Number(v) <= 0;
      if (k?.toLowerCase() === "expires") return Date.parse(a.slice(a.indexOf("=") + 1)) < Date.now();
      return false;
    });
    if (expired || value === "") this.jar.delete(name);
    else this.jar.set(name, value);
  }
}

/** The session cookie's name over plain HTTP (next-auth v5). */
export const SESSION_COOKIE = "authjs.session-token";

/**
 * Signs in as the login form does (next-auth/react `signIn("credentials", { redirect: false })`):
 * the CSRF token, then the credentials callback; resolves once the session cookie is set.
 */
export async function signInThroughNextAuth(s: HttpSession, phone: string, password: string): Promise<void> {
  const csrf = await s.request("GET", "/api/auth/csrf");
  if (csrf.status !== 200) throw new RequestFailed(`HTTP ${csrf.status}`, `GET /api/auth/csrf answered ${csrf.status}`);
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const form = new URLSearchParams({ phone, password, scope: "shop", redirect: "false", csrfToken, callbackUrl: `${s.baseUrl}/me` });
  const res = await s.request("POST", "/api/auth/callback/credentials", { type: "application/x-www-form-urlencoded", text: form.toString() }, { "x-auth-return-redirect": "1", origin: s.baseUrl });
  if (!s.cookie(SESSION_COOKIE)) throw new RequestFailed(`sign-in HTTP ${res.status}`, `sign-in of ${phone} set no session cookie (${res.status} ${res.body.slice(0, 200)})`);
}

interface TrpcAnswer {
  result?: { data?: { json?: unknown } };
  error?: { json?: { message?: string; data?: { code?: string; httpStatus?: number; domainCode?: string | null } } };
}

/**
 * A tRPC mutation as the app's client sends it: one call in a batch (`?batch=1`), superjson's
 * `{ json }` envelope (inputs of strings need no `meta`), from a page of the site (Origin).
 */
export async function trpcMutation(s: HttpSession, procedure: string, input: Record<string, string>): Promise<unknown> {
  const res = await s.request("POST", `/api/trpc/${procedure}?batch=1`, { type: "application/json", text: JSON.stringify({ 0: { json: input } }) }, { origin: s.baseUrl });
  let answer: TrpcAnswer | undefined;
  try {
    answer = (JSON.parse(res.body) as TrpcAnswer[])[0];
  } catch {
    throw new RequestFailed(`HTTP ${res.status} not JSON`, res.body.slice(0, 200));
  }
  if (res.status === 200 && answer?.result) return answer.result.data?.json;
  const data = answer?.error?.json?.data;
  throw new RequestFailed(`HTTP ${res.status} ${data?.domainCode ?? data?.code ?? "?"}`, answer?.error?.json?.message ?? res.body.slice(0, 200));
}
