"use client";

import { useTranslations } from "next-intl";
import { Button } from "../ui/button";

/** "Load more" under a keyset-paged list, while there is a next page. */
export function LoadMore({ query }: { query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown } }) {
  const t = useTranslations("referral");
  if (!query.hasNextPage) return null;
  return (
    <div className="px-4 pt-1">
      <Button variant="ghost" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage} className="w-full text-sm text-neutral-600">
        {t("more")}
      </Button>
    </div>
  );
}
