import { MAX_IMAGE_BYTES } from "@/server/domain/store/validate-image";
import { handleStaffUpload } from "@/server/http/staff-upload";
import { imageStorage, storeImage } from "@/server/storage/image-storage";

/** Product image upload for the console: staff with `store.write`, and the bytes must be an image. */
export function POST(req: Request): Promise<Response> {
  return handleStaffUpload(req, { permission: "store.write", maxBytes: MAX_IMAGE_BYTES, notAccepted: "UPLOAD_NOT_IMAGE", store: async (bytes) => ({ url: await storeImage(imageStorage(), bytes) }) });
}
