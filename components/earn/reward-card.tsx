"use client";

import { useTranslations } from "next-intl";
import { useAssetLabel } from "../activities/use-asset-label";
import { formatFen } from "../money/format-fen";
import { Button, ButtonLink } from "../ui/button";
import { CheckCircleIcon } from "../ui/icons";
import type { AdSetReward } from "./types";

/** The set's cash-out, in numbers: what reached the wallet and what it cost. */
export function RewardCard({ reward, onBack }: { reward: AdSetReward; onBack: () => void }) {
  const t = useTranslations("earn.reward");
  const label = useAssetLabel(true);
  return (
    <div className="w-full max-w-sm rounded-3xl bg-white px-6 pt-8 pb-6 text-center text-neutral-900 shadow-xl" data-testid="ad-reward">
      <CheckCircleIcon size={56} className="mx-auto text-brand" />
      <h2 className="mt-3 text-lg font-semibold">{t("title")}</h2>
      <p className="mt-4 text-[15px] text-neutral-700" data-testid="ad-reward-amount">
        {t.rich("amount", {
          amount: formatFen(reward.rewardFen),
          name: label("cash"),
          b: (chunks) => <span className="tabular align-[-0.1em] text-4xl font-bold text-brand">{chunks}</span>,
        })}
      </p>
      <p className="tabular mt-2 text-sm text-neutral-500" data-testid="ad-reward-points">
        {t("spent", { points: reward.pointsSpent })}
      </p>
      <div className="mt-7 flex flex-col gap-2">
        <ButtonLink href="/wallet" size="lg">
          {t("toWallet")}
        </ButtonLink>
        <Button variant="ghost" size="lg" onClick={onBack}>
          {t("back")}
        </Button>
      </div>
    </div>
  );
}
