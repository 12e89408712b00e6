import { MAX_CREATIVE_VIDEO_BYTES, validateCreative } from "@/server/domain/ads/validate-creative";
import { handleStaffUpload } from "@/server/http/staff-upload";
import { imageStorage } from "@/server/storage/image-storage";

/** Ad creative upload for the console: staff with `ads.write`; MP4/WebM video or PNG/JPEG image, judged by its bytes. Answers `{ url, type }`. */
export function POST(req: Request): Promise<Response> {
  return handleStaffUpload(req, {
    permission: "ads.write",
    maxBytes: MAX_CREATIVE_VIDEO_BYTES,
    notAccepted: "UPLOAD_NOT_CREATIVE",
    store: async (bytes) => {
      const type = validateCreative(bytes);
      return { url: await imageStorage().put(bytes, type), type };
    },
  });
}
