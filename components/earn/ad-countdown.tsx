"use client";

import { useTranslations } from "next-intl";
import { Spinner } from "../ui/spinner";

/** Seconds left of the ad by the server's clock, or "confirming" once they are up. */
export function AdCountdown({ remainingMs, confirming }: { remainingMs: number | null; confirming: boolean }) {
  const t = useTranslations("earn.player");
  const pill = "flex h-9 shrink-0 items-center gap-1.5 rounded-full bg-white/15 px-3 text-sm font-medium";
  if (remainingMs === null) return null;
  if (confirming || remainingMs <= 0) {
    return (
      <span className={pill} data-testid="ad-countdown">
        <Spinner className="size-4 [&_svg]:size-4" />
        {t("confirming")}
      </span>
    );
  }
  const seconds = Math.ceil(remainingMs / 1000);
  return (
    <span className={`tabular ${pill}`} role="timer" aria-label={t("countdownLabel", { seconds })} data-testid="ad-countdown">
      {t("seconds", { seconds })}
    </span>
  );
}
