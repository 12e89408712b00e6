"use client";

import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { formatFen, formatPoints } from "../money/format-fen";
import { Button, ButtonLink } from "../ui/button";
import { AlertIcon, CheckCircleIcon, PlayIcon } from "../ui/icons";
import { earnState } from "./earn-state";
import { NextReset } from "./next-reset";
import type { EarnPageData } from "./types";

/** The one big action (start or resume), or why there is none now and what to do about it. */
export function StartPanel({ page, pointsName, onStart }: { page: EarnPageData; pointsName: string; onStart: () => void }) {
  const t = useTranslations("earn.start");
  const state = earnState(page);
  const current = page.current;

  if (state === "start" || state === "resume") {
    const tier = page.myTier;
    return (
      <div className="flex flex-col gap-2">
        <Button size="lg" onClick={onStart} className="h-14 !bg-white text-lg !text-brand shadow-sm active:!bg-neutral-100" data-testid="earn-start">
          <PlayIcon size={22} />
          {state === "resume" && current ? t("resume", { done: current.viewsDone, total: current.viewsRequired }) : t("start")}
        </Button>
        {tier ? <p className="tabular text-center text-xs text-white/85">{t("willGet", { views: page.rules.viewsPerSet, reward: formatFen(tier.rewardFen), cost: tier.pointsCost })}</p> : null}
      </div>
    );
  }
  if (state === "otherDevice" && current) {
    return <Notice icon={<AlertIcon size={22} />} title={t("otherDeviceTitle")} body={t("otherDeviceBody", { done: current.viewsDone, total: current.viewsRequired })} testId="earn-other-device" />;
  }
  if (state === "doneToday") {
    return (
      <Notice
        icon={<CheckCircleIcon size={22} />}
        title={t("doneTitle")}
        body={
          <>
            {t("doneBody")}
            <span className="mt-0.5 block font-medium whitespace-nowrap text-brand">{t.rich("doneIn", { clock: () => <NextReset serverNow={page.serverNow} /> })}</span>
          </>
        }
        testId="earn-done"
      />
    );
  }
  if (state === "noPoints") {
    const min = page.rules.tiers[0]?.minPoints ?? 1;
    return (
      <Notice
        icon={<AlertIcon size={22} />}
        title={t("noPointsTitle", { name: pointsName })}
        body={t("noPointsBody", { name: pointsName, min: formatPoints(min), balance: formatPoints(page.mallPoints) })}
        action={
          <ButtonLink href="/store" variant="primary" className="mt-3 w-full">
            {t("goStore")}
          </ButtonLink>
        }
        testId="earn-no-points"
      />
    );
  }
  return <Notice icon={<AlertIcon size={22} />} title={t("noAdsTitle")} body={t("noAdsBody")} testId="earn-no-ads" />;
}

function Notice({ icon, title, body, action, testId }: { icon: ReactNode; title: ReactNode; body: ReactNode; action?: ReactNode; testId: string }) {
  return (
    <div className="rounded-2xl bg-white p-4 text-neutral-900" data-testid={testId}>
      <div className="flex gap-3">
        <span className="mt-0.5 shrink-0 text-brand">{icon}</span>
        <div className="min-w-0">
          <p className="text-[15px] font-semibold">{title}</p>
          <p className="mt-1 text-sm leading-relaxed text-neutral-600">{body}</p>
        </div>
      </div>
      {action}
    </div>
  );
}
