"use client";

import { useTranslations } from "next-intl";
import { Button, ButtonLink } from "../ui/button";
import { AlertIcon } from "../ui/icons";
import { StatusCard } from "./status-card";

/** 出错了: what a shopper sees when a page fails, with a retry and the way back home (never a stack). */
export function ErrorView({ digest, onRetry }: { digest?: string; onRetry: () => void }) {
  const t = useTranslations("errorPage");
  return (
    <StatusCard
      testId="error-page"
      header={t("errorHeader")}
      homeLabel={t("home")}
      icon={<AlertIcon size={26} />}
      title={t("errorTitle")}
      body={
        <>
          <p>{t("errorBody")}</p>
          {digest ? <p className="tabular mt-2 text-[11px] text-neutral-400">{t("errorRef", { ref: digest })}</p> : null}
        </>
      }
    >
      <Button size="lg" onClick={onRetry}>
        {t("retry")}
      </Button>
      <ButtonLink href="/" size="lg" variant="outline">
        {t("home")}
      </ButtonLink>
    </StatusCard>
  );
}
