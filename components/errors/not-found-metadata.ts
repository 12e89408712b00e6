import { getTranslations } from "next-intl/server";

/**
 * The 404's title in the reader's language. A page that calls notFound() keeps the metadata its own
 * generateMetadata returned, so a page whose record is missing returns this there too (the
 * not-found files use it for addresses the app does not have).
 */
export async function notFoundMetadata() {
  const t = await getTranslations("errorPage");
  return { title: t("notFoundTitle") };
}
