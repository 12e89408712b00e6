import { NextResponse, type NextRequest } from "next/server";
import { DEVICE_COOKIE, deviceCookie, newDeviceId, readDeviceId } from "@/server/http/device-id";

/**
 * Runs before every page: a browser without a device id gets one with the page itself, so the
 * page's parallel API calls all carry the same id (issued per API answer instead, each of them
 * could name a different device and a shopper's own set would look as if it ran elsewhere).
 */
export function proxy(request: NextRequest): NextResponse {
  const res = NextResponse.next();
  if (!readDeviceId(request.cookies.get(DEVICE_COOKIE)?.value)) {
    res.headers.append("set-cookie", deviceCookie(newDeviceId(), request.nextUrl.protocol === "https:"));
  }
  return res;
}

export const config = {
  // Pages only: API routes issue their own (for clients that never load a page), assets need none.
  matcher: ["/((?!api/|_next/static|_next/image|favicon\\.ico|uploads/|.*\\.(?:png|jpg|jpeg|svg|webp|ico|txt|xml|json|js|css|mp4|webm)$).*)"],
};
