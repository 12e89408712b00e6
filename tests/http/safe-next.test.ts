import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeNext } from "@/components/auth/safe-next";

const SITE = "https://pinpin.example";

/** Where a browser lands when it follows `Location: <location>` from a page of our site. */
function landing(location: string): URL {
  return new URL(location, `${SITE}/login`);
}

describe("safeNext: after signing in, only a path of this site", () => {
  it.each([
    "/\t/evil.example/phish",
    "/\n/evil.example",
    "/%09/evil.example/phish", // as it arrives decoded from ?next=/%09/…
    "//evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "\\\\evil.example",
    "/.//evil.example",
    "/..//evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    " /me",
    "",
  ])("refuses %j", (next) => {
    const decoded = next.replace("%09", "\t");
    expect(safeNext(decoded, "/home")).toBe("/home");
  });

  it("keeps a real path with its query and fragment, in the browser's encoding", () => {
    expect(safeNext("/activities/abc?tab=rules#seat")).toBe("/activities/abc?tab=rules#seat");
    expect(safeNext("/store/products/1?q=红包")).toBe("/store/products/1?q=%E7%BA%A2%E5%8C%85");
    expect(safeNext("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example");
  });

  it("whatever it is given, the browser stays on this site and the header stays one line", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string().map((s) => `/${s}`), fc.constantFrom("/", "//", "/\\", "/\t", "/.", "/..").chain((p) => fc.string().map((s) => p + s))), (next) => {
        const out = safeNext(next, "/me");
        expect(out.startsWith("/")).toBe(true);
        // eslint-disable-next-line no-control-regex -- no control character may survive
        expect(/[\u0000-\u001f\u007f\\]/.test(out)).toBe(false);
        expect(landing(out).origin).toBe(SITE);
      }),
      { numRuns: 2000 },
    );
  });
});
