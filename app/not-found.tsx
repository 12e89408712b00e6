import { getTranslations } from "next-intl/server";
import { NotFoundView } from "@/components/errors/not-found-view";
import { ShopFrame } from "@/components/shop/shop-frame";

export async function generateMetadata() {
  const t = await getTranslations("errorPage");
  return { title: t("notFoundTitle") };
}

/** Any address the app does not have (the console's own unknown addresses have theirs). */
export default function NotFound() {
  return (
    <ShopFrame>
      <NotFoundView />
    </ShopFrame>
  );
}
