/**
 * Images the platform shows are its own (SECURITY.md; the page policy allows images from this site
 * only): uploads stored through our storage, or the catalog art the project ships. Never a URL on
 * another host, scheme-relative (`//evil.example/x.png`) or climbing folders.
 */
const STORED = /^\/api\/images\/[a-f0-9-]{36}\.(png|jpg|webp|gif)$/;
const BUNDLED = /^\/store\/[a-z0-9][a-z0-9-]*\.(svg|png|jpg|webp)$/;

export function isOwnImageUrl(url: string): boolean {
  return STORED.test(url) || BUNDLED.test(url);
}
