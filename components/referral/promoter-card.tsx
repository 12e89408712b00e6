import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { formatFen } from "../money/format-fen";
import { Card } from "../ui/card";
import { ShieldIcon } from "../ui/icons";
import type { ReferralCentre } from "@/server/domain/referrals/read-referral-centre";

/** 推广员有效期 in plain words, how to extend it, and — when lapsed — what the team's activity did not pay me. */
export async function PromoterCard({ promoter, missed }: Pick<ReferralCentre, "promoter" | "missed">) {
  const t = await getTranslations("referral");
  const format = await getFormatter();
  const date = promoter.validUntil ? format.dateTime(promoter.validUntil, { month: "long", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }) : null;
  const showMissed = !promoter.valid || missed.totalFen > 0;
  return (
    <Card data-testid="promoter-card">
      <div className="flex items-start gap-3 px-4 pt-4">
        <ShieldIcon size={24} className={promoter.valid ? "mt-0.5 text-brand" : "mt-0.5 text-neutral-400"} />
        <div className="min-w-0 flex-1">
          <p className="text-[15px] font-semibold text-neutral-900">{t("promoterTitle")}</p>
          <p className={`text-sm ${promoter.valid ? "font-medium text-brand" : "text-neutral-500"}`} data-testid="promoter-status">
            {promoter.valid && date ? t("validUntil", { date }) : date ? t("expired", { date }) : t("neverValid")}
          </p>
        </div>
      </div>
      <p className="px-4 pt-2 text-sm leading-relaxed text-neutral-600">{t("extendHow")}</p>
      <div className="flex items-center justify-between gap-3 px-4 pt-3 pb-4">
        <span className={`text-xs ${promoter.enteredToday ? "text-green-700" : "text-neutral-500"}`}>{t(promoter.enteredToday ? "enteredToday" : "notEnteredToday")}</span>
        {promoter.enteredToday ? null : (
          <Link href="/" className="inline-flex min-h-11 shrink-0 items-center rounded-full border border-brand px-4 text-sm font-medium text-brand">
            {t("goJoin")}
          </Link>
        )}
      </div>
      {showMissed && missed.totalFen > 0 ? (
        <div className="mx-4 mb-4 rounded-xl bg-amber-50 px-4 py-3" data-testid="missed">
          <p className="text-sm font-semibold text-amber-800">{t("missedTitle")}</p>
          <p className="mt-1 text-xs text-amber-800">{t("missedBody", { days: missed.days })}</p>
          <ul className="mt-2 space-y-1 text-sm text-neutral-800">
            {(["release", "ads", "store"] as const)
              .filter((k) => missed[k].count > 0)
              .map((k) => (
                <li key={k} className="flex justify-between gap-2">
                  <span>{t(k === "release" ? "missedRelease" : k === "ads" ? "missedAds" : "missedStore", { count: missed[k].count })}</span>
                  <span className="tabular font-medium">{formatFen(missed[k].fen)}</span>
                </li>
              ))}
          </ul>
          <p className="mt-2 text-sm font-semibold text-amber-800">{t("missedTotal", { amount: formatFen(missed.totalFen) })}</p>
          <p className="mt-1 text-xs text-amber-700">{t("missedNote")}</p>
        </div>
      ) : null}
    </Card>
  );
}
