import { isAllowedOrigin } from "./check-origin";
import { cookieLocale, errorResponse } from "./error-response";

/** For route handlers: a 403 response when a mutating request lacks our Origin, else null. */
export async function rejectForeignOrigin(req: Request): Promise<Response | null> {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return null;
  if (isAllowedOrigin(req.headers, req.url)) return null;
  return errorResponse(await cookieLocale(), "ORIGIN_REJECTED");
}
