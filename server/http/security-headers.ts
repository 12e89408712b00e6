/**
 * What every answer tells the browser (SECURITY.md). The Content-Security-Policy is per page, with
 * a nonce for Next's own inline scripts (proxy.ts); the rest is the same for every route
 * (next.config.ts).
 */

/** The page policy: scripts only from us and carrying this request's nonce; nothing may frame us. */
export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic': a script we trust may load the chunks it needs. React needs eval only in development.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Inline style attributes (server-rendered React, chart libraries): styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** For every route, pages, API and files alike. */
export const STATIC_SECURITY_HEADERS: { key: string; value: string }[] = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // Nothing here needs a device's sensors or payment APIs.
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()" },
];

/** A nonce per page answer: 128 random bits. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/** API answers are data and images: nothing in them may run or frame anything. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** Every header an API answer carries (next.config.ts for Next's routes, server/api/trpc-node-handler.ts for the tRPC endpoint). */
export const API_SECURITY_HEADERS: { key: string; value: string }[] = [...STATIC_SECURITY_HEADERS, { key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }];
