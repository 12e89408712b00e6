"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { AlertIcon } from "@/components/ui/icons";

/** A console page that failed while rendering: said in the operator's language, with a retry, the sidebar still there. */
export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("errorPage");
  return (
    <div className="rounded-xl bg-white" data-testid="console-error">
      <EmptyState
        icon={<AlertIcon size={28} />}
        title={t("errorTitle")}
        description={error.digest ? `${t("errorBody")} ${t("errorRef", { ref: error.digest })}` : t("errorBody")}
        className="py-20"
        action={<Button onClick={reset}>{t("retry")}</Button>}
      />
    </div>
  );
}
