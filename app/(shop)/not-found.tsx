import { getTranslations } from "next-intl/server";
import { NotFoundView } from "@/components/errors/not-found-view";

export async function generateMetadata() {
  const t = await getTranslations("errorPage");
  return { title: t("notFoundTitle") };
}

/** A shopper page's notFound() (an activity, group, order or product that does not exist), inside the shop's frame. */
export default function ShopNotFound() {
  return <NotFoundView />;
}
