import { describe, expect, it } from "vitest";
import { clientIp, CLIENT_IP_HEADER, isTrustedProxy, parseTrustedProxies, resolveClientIp } from "@/server/http/client-ip";

describe("the client's address (TRUSTED_PROXIES)", () => {
  const none = parseTrustedProxies("");
  const proxies = parseTrustedProxies("10.0.0.0/8, 192.0.2.7, fd00::/8");

  it("with no trusted proxy, is the socket's address whatever X-Forwarded-For says", () => {
    expect(resolveClientIp("203.0.113.5", "198.51.100.1", none)).toBe("203.0.113.5");
    expect(resolveClientIp("::ffff:203.0.113.5", undefined, none)).toBe("203.0.113.5");
    expect(resolveClientIp(undefined, "198.51.100.1", none)).toBe("unknown");
  });

  it("behind a trusted proxy, is the rightmost forwarded address that is not a trusted proxy", () => {
    expect(resolveClientIp("10.1.2.3", "198.51.100.1", proxies)).toBe("198.51.100.1");
    // The client wrote the left part itself: it is never taken on trust.
    expect(resolveClientIp("10.1.2.3", "1.2.3.4, 198.51.100.1, 10.9.9.9", proxies)).toBe("198.51.100.1");
    expect(resolveClientIp("192.0.2.7", "fd00::1, 2001:db8::5", proxies)).toBe("2001:db8::5");
  });

  it("from an untrusted socket, ignores the header even when it names a trusted proxy", () => {
    expect(resolveClientIp("203.0.113.9", "10.0.0.1, 1.1.1.1", proxies)).toBe("203.0.113.9");
  });

  it("stops at garbage in the chain, and takes the last proxy when every hop is one", () => {
    expect(resolveClientIp("10.1.2.3", "198.51.100.1, not-an-ip", proxies)).toBe("10.1.2.3");
    expect(resolveClientIp("10.1.2.3", "10.0.0.2, 10.0.0.3", proxies)).toBe("10.0.0.2");
  });

  it("keeps forwarding headers only from a trusted proxy's socket", () => {
    expect(isTrustedProxy(proxies, "::ffff:10.0.0.9")).toBe(true);
    expect(isTrustedProxy(proxies, "203.0.113.9")).toBe(false);
    expect(isTrustedProxy(none, "127.0.0.1")).toBe(false);
    expect(isTrustedProxy(proxies, undefined)).toBe(false);
  });

  it("refuses a configuration that is not addresses or ranges", () => {
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow(/prefix/);
    expect(() => parseTrustedProxies("proxy.internal")).toThrow(/not an IP/);
  });

  it("is read by the app from our server's header only", () => {
    expect(clientIp(new Headers({ [CLIENT_IP_HEADER]: "203.0.113.5", "x-forwarded-for": "1.2.3.4" }))).toBe("203.0.113.5");
    expect(clientIp(new Headers({ "x-forwarded-for": "1.2.3.4", "x-real-ip": "1.2.3.4" }))).toBe("unknown");
  });
});
