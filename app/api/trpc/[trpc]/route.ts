import { cookies } from "next/headers";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { createContext } from "@/server/api/create-context";
import { DEVICE_COOKIE, deviceCookie, newDeviceId, readDeviceId } from "@/server/http/device-id";
import { rejectForeignOrigin } from "@/server/http/reject-foreign-origin";

async function handler(req: Request): Promise<Response> {
  const rejected = await rejectForeignOrigin(req);
  if (rejected) return rejected;
  // A browser without a device id gets one with its first API answer.
  const issued = readDeviceId((await cookies()).get(DEVICE_COOKIE)?.value) ? null : newDeviceId();
  const res = await fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext: () => createContext(req.headers, issued ?? undefined) });
  if (issued) res.headers.append("set-cookie", deviceCookie(issued, new URL(req.url).protocol === "https:"));
  return res;
}

export { handler as GET, handler as POST };
