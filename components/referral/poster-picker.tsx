"use client";

import { useState } from "react";
import { useLocale, useTranslations } from "next-intl";
import { formatFen } from "../money/format-fen";
import { buttonClass } from "../ui/button";

interface Choice {
  kind: "activity" | "product";
  id: string;
  name: string;
  priceFen: number;
}

/**
 * The share poster: pick what it shows, see the PNG drawn on the server (long-press saves it on a
 * phone) and download it. The image URL carries the choice and the language.
 */
export function PosterPicker({ choices }: { choices: Choice[] }) {
  const t = useTranslations("referral");
  const locale = useLocale();
  const first = choices[0];
  const [item, setItem] = useState(first ? `${first.kind}:${first.id}` : "none");
  const src = `/api/referral/poster?${new URLSearchParams({ item, locale })}`;
  return (
    <div className="px-4 pb-4">
      <p className="text-sm text-neutral-500">{t("posterBody")}</p>
      <label className="mt-3 block text-xs text-neutral-500" htmlFor="poster-item">
        {t("posterPick")}
      </label>
      <select
        id="poster-item"
        value={item}
        onChange={(e) => setItem(e.target.value)}
        className="mt-1 min-h-11 w-full rounded-lg border border-neutral-300 bg-white px-3 text-[15px]"
        data-testid="poster-item"
      >
        {choices.map((c) => (
          <option key={`${c.kind}:${c.id}`} value={`${c.kind}:${c.id}`}>
            {t(c.kind === "activity" ? "posterActivity" : "posterProduct", { name: c.name, price: formatFen(c.priceFen) })}
          </option>
        ))}
        <option value="none">{t("posterNone")}</option>
      </select>
      <div className="mt-3 overflow-hidden rounded-xl border border-neutral-200 bg-neutral-100">
        {/* eslint-disable-next-line @next/next/no-img-element -- a PNG drawn per request on the server; a plain <img> so a long press saves it */}
        <img key={src} src={src} alt={t("posterAlt")} width={750} height={1334} className="block h-auto w-full" data-testid="poster-image" />
      </div>
      <a href={`${src}&download=1`} download className={buttonClass("primary", "lg", "mt-3 flex items-center justify-center")} data-testid="poster-download">
        {t("download")}
      </a>
    </div>
  );
}
