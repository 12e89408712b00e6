import { getTranslations } from "next-intl/server";
import { ButtonLink } from "../ui/button";
import { SearchIcon } from "../ui/icons";
import { StatusCard } from "./status-card";

/** 页面不存在, in the shopper app's frame and the user's language, with the way back home. */
export async function NotFoundView() {
  const t = await getTranslations("errorPage");
  return (
    <StatusCard
      testId="not-found"
      header={t("notFoundHeader")}
      homeLabel={t("home")}
      icon={<SearchIcon size={26} />}
      kicker={
        <p aria-hidden="true" className="tabular mb-1 text-xs font-semibold tracking-[0.3em] text-neutral-400">
          404
        </p>
      }
      title={t("notFoundTitle")}
      body={t("notFoundBody")}
    >
      <ButtonLink href="/" size="lg" data-testid="go-home">
        {t("home")}
      </ButtonLink>
    </StatusCard>
  );
}
