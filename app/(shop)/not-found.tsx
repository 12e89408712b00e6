import { notFoundMetadata } from "@/components/errors/not-found-metadata";
import { NotFoundView } from "@/components/errors/not-found-view";

export const generateMetadata = notFoundMetadata;

/** A shopper page's notFound() (an activity, group, order or product that does not exist), inside the shop's frame. */
export default function ShopNotFound() {
  return <NotFoundView />;
}
