import { cookieLocale, errorResponse } from "@/server/http/error-response";
import { imageStorage } from "@/server/storage/image-storage";

/** Serves an uploaded product image. Names are random UUIDs; the stored type decides Content-Type. */
export async function GET(_req: Request, { params }: { params: Promise<{ name: string }> }): Promise<Response> {
  const { name } = await params;
  const file = await imageStorage().get(name);
  if (!file) return errorResponse(await cookieLocale(), "NOT_FOUND");
  return new Response(Buffer.from(file.bytes), {
    headers: { "content-type": file.contentType, "cache-control": "public, max-age=31536000, immutable", "x-content-type-options": "nosniff" },
  });
}
