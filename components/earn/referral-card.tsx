"use client";

import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { Card } from "../ui/card";
import { ChevronRightIcon, UsersIcon } from "../ui/icons";

/** To the referral centre. */
export function ReferralCard({ commissionL1Bp }: { commissionL1Bp: number }) {
  const t = useTranslations("earn.referral");
  const format = useFormatter();
  return (
    <Card>
      <Link href="/referral" className="flex min-h-16 items-center gap-3 px-4 py-3" data-testid="referral-link">
        <span className="flex size-10 shrink-0 items-center justify-center rounded-full bg-brand/10 text-brand">
          <UsersIcon size={22} />
        </span>
        <span className="min-w-0 flex-1">
          <span className="block text-[15px] font-medium text-neutral-900">{t("title")}</span>
          <span className="block text-xs text-neutral-500">{t("body", { l1: format.number(commissionL1Bp / 10_000, { style: "percent", maximumFractionDigits: 2 }) })}</span>
        </span>
        <ChevronRightIcon size={18} className="shrink-0 text-neutral-400" />
      </Link>
    </Card>
  );
}
