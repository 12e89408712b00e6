import { notFoundMetadata } from "@/components/errors/not-found-metadata";
import { NotFoundView } from "@/components/errors/not-found-view";
import { ShopFrame } from "@/components/shop/shop-frame";

export const generateMetadata = notFoundMetadata;

/** Any address the app does not have (the console's own unknown addresses have theirs). */
export default function NotFound() {
  return (
    <ShopFrame>
      <NotFoundView />
    </ShopFrame>
  );
}
