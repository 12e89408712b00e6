import { getTranslations } from "next-intl/server";
import { PageHeader } from "../shop/page-header";
import { ButtonLink } from "../ui/button";
import { Card } from "../ui/card";
import { SearchIcon } from "../ui/icons";

/** 页面不存在, in the shopper app's frame and the user's language, with the way back home. */
export async function NotFoundView() {
  const t = await getTranslations("errorPage");
  return (
    <>
      <PageHeader title={t("notFoundHeader")} backHref="/" backLabel={t("home")} />
      <div className="px-4 pt-6 pb-10">
        <Card className="flex flex-col items-center px-6 py-10 text-center" data-testid="not-found">
          <span className="mb-3 flex size-14 items-center justify-center rounded-full bg-brand/10 text-brand">
            <SearchIcon size={26} />
          </span>
          <p aria-hidden="true" className="tabular mb-1 text-xs font-semibold tracking-[0.3em] text-neutral-400">
            404
          </p>
          <h2 className="text-lg font-semibold text-neutral-900">{t("notFoundTitle")}</h2>
          <p className="mt-1.5 max-w-xs text-sm leading-relaxed text-neutral-500">{t("notFoundBody")}</p>
          <ButtonLink href="/" size="lg" className="mt-6" data-testid="go-home">
            {t("home")}
          </ButtonLink>
        </Card>
      </div>
    </>
  );
}
