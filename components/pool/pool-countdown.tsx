"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";

/** Time left until `target`, ticking each second from the server's clock (offset fixed at render). */
export function PoolCountdown({ target, serverNow }: { target: Date; serverNow: Date }) {
  const t = useTranslations("pool");
  const [offset] = useState(() => serverNow.getTime() - Date.now());
  const [now, setNow] = useState(() => serverNow.getTime());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now() + offset), 1000);
    return () => clearInterval(id);
  }, [offset]);
  const left = Math.max(0, Math.floor((target.getTime() - now) / 1000));
  const d = Math.floor(left / 86_400);
  const h = Math.floor((left % 86_400) / 3600);
  const m = Math.floor((left % 3600) / 60);
  const s = left % 60;
  return (
    <span className="tabular" suppressHydrationWarning>
      {t("countdown", { d, h, m: String(m).padStart(2, "0"), s: String(s).padStart(2, "0") })}
    </span>
  );
}
