import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { SearchIcon } from "@/components/ui/icons";

export async function generateMetadata() {
  const t = await getTranslations("errorPage");
  return { title: t("notFoundTitle") };
}

/** A console address that does not exist (or a record a console page could not find), in the console's frame. */
export default async function ConsoleNotFound() {
  const t = await getTranslations("errorPage");
  return (
    <div className="rounded-xl bg-white" data-testid="console-not-found">
      <EmptyState
        icon={<SearchIcon size={28} />}
        title={t("consoleNotFoundTitle")}
        description={t("consoleNotFoundBody")}
        className="py-20"
        action={
          <Link href="/admin" className="inline-flex h-9 items-center rounded-md bg-brand px-4 text-sm font-medium text-white hover:bg-brand-dark">
            {t("consoleHome")}
          </Link>
        }
      />
    </div>
  );
}
