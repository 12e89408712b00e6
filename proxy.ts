import { NextResponse, type NextRequest } from "next/server";
import { DEVICE_COOKIE, deviceCookie, newDeviceId, readDeviceId } from "@/server/http/device-id";
import { contentSecurityPolicy, newNonce } from "@/server/http/security-headers";

/**
 * Runs before every page:
 * - a Content-Security-Policy with a fresh nonce, which Next reads from the request and puts on
 *   its own inline scripts (SECURITY.md);
 * - a browser without a device id gets one with the page itself, so the page's parallel API calls
 *   all carry the same id (issued per API answer instead, each of them could name a different
 *   device and a shopper's own ad set would look as if it ran elsewhere).
 */
export function proxy(request: NextRequest): NextResponse {
  const csp = contentSecurityPolicy(newNonce(), process.env.NODE_ENV === "development");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", csp);
  const res = NextResponse.next({ request: { headers: requestHeaders } });
  res.headers.set("content-security-policy", csp);
  if (!readDeviceId(request.cookies.get(DEVICE_COOKIE)?.value)) {
    res.headers.append("set-cookie", deviceCookie(newDeviceId(), request.nextUrl.protocol === "https:"));
  }
  return res;
}

export const config = {
  // Pages only: API routes issue their own device id and answer JSON or files, assets need neither.
  matcher: ["/((?!api/|_next/static|_next/image|favicon\\.ico|uploads/|.*\\.(?:png|jpg|jpeg|svg|webp|ico|txt|xml|json|js|css|mp4|webm)$).*)"],
};
