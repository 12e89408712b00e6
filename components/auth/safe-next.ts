const BASE = "http://pinpin.invalid";

/**
 * Where to go after signing in: a path on this site, or `fallback`. The value is read the way a
 * browser reads a Location header (the WHATWG URL parser drops tabs and newlines, turns `\` into
 * `/`, and takes `//host` as another site), and only a result on our own origin is kept, in its
 * parsed, percent-encoded form (so it can never break a header or change meaning on the way).
 */
export function safeNext(next: string | null | undefined, fallback = "/me"): string {
  if (!next || !next.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return fallback;
  }
  // `/.//evil.example` parses to the path `//evil.example`, which a browser would take as a host.
  if (url.origin !== BASE || url.pathname.startsWith("//")) return fallback;
  // A fragment keeps a raw `\`; encode it too, so the result reads the same to every parser.
  return `${url.pathname}${url.search}${url.hash}`.replaceAll("\\", "%5C");
}
