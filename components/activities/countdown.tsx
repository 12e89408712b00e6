"use client";

import { useTranslations } from "next-intl";
import { splitCountdown, useServerNow } from "./server-clock";

/** Time left until `expiresAt` by the server's clock (offset measured from the response's serverTime). */
export function Countdown({ expiresAt, serverTime, className = "" }: { expiresAt: Date; serverTime: Date; className?: string }) {
  const t = useTranslations("activities");
  const now = useServerNow(serverTime);
  if (now === null) return <span className={`tabular ${className}`}>--:--:--</span>;
  const left = expiresAt.getTime() - now;
  if (left <= 0) return <span className={className}>{t("expired")}</span>;
  const { days, clock } = splitCountdown(left);
  return (
    <span className={`tabular ${className}`} role="timer" aria-label={t("endsInLabel", { time: days ? t("days", { days, clock }) : clock })}>
      {days ? t("days", { days, clock }) : clock}
    </span>
  );
}
