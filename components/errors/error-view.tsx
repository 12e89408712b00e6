"use client";

import { useTranslations } from "next-intl";
import { PageHeader } from "../shop/page-header";
import { Button, ButtonLink } from "../ui/button";
import { Card } from "../ui/card";
import { AlertIcon } from "../ui/icons";

/** 出错了: what a shopper sees when a page fails, with a retry and the way back home (never a stack). */
export function ErrorView({ digest, onRetry }: { digest?: string; onRetry: () => void }) {
  const t = useTranslations("errorPage");
  return (
    <>
      <PageHeader title={t("errorHeader")} backHref="/" backLabel={t("home")} />
      <div className="px-4 pt-6 pb-10">
        <Card className="flex flex-col items-center px-6 py-10 text-center" data-testid="error-page">
          <span className="mb-3 flex size-14 items-center justify-center rounded-full bg-brand/10 text-brand">
            <AlertIcon size={26} />
          </span>
          <h2 className="text-lg font-semibold text-neutral-900">{t("errorTitle")}</h2>
          <p className="mt-1.5 max-w-xs text-sm leading-relaxed text-neutral-500">{t("errorBody")}</p>
          {digest ? <p className="tabular mt-2 text-[11px] text-neutral-400">{t("errorRef", { ref: digest })}</p> : null}
          <div className="mt-6 flex w-full flex-col gap-2">
            <Button size="lg" onClick={onRetry}>
              {t("retry")}
            </Button>
            <ButtonLink href="/" size="lg" variant="outline">
              {t("home")}
            </ButtonLink>
          </div>
        </Card>
      </div>
    </>
  );
}
