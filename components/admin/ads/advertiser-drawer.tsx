"use client";

import { useTranslations } from "next-intl";
import { formatFen } from "../../money/format-fen";
import { Sheet } from "../../ui/sheet";
import { AdvertiserForm } from "./advertiser-form";
import { PrepaymentForm } from "./prepayment-form";
import { PrepaymentsList } from "./prepayments-list";
import type { AdvertiserRow } from "./types";

/** One advertiser: their budget, name and contact (ads.write), a prepayment to record (ads.prepay) and the recent ones. */
export function AdvertiserDrawer({ advertiser, canWrite, canPrepay, onClose, onCreated }: { advertiser: AdvertiserRow | null; canWrite: boolean; canPrepay: boolean; onClose: () => void; onCreated: (id: string) => void }) {
  const t = useTranslations("admin.ads.advertisers");
  const common = useTranslations("common");
  return (
    <Sheet open onClose={onClose} side="right" width="max-w-xl" title={advertiser ? advertiser.name : t("new")} closeLabel={common("close")}>
      <div className="flex flex-col gap-5 p-5">
        {advertiser ? (
          <dl className="grid grid-cols-3 gap-3" data-testid="advertiser-summary">
            <div className="rounded-md bg-neutral-50 px-3 py-2.5">
              <dt className="text-xs text-neutral-500">{t("balance")}</dt>
              <dd className="tabular mt-0.5 text-lg font-semibold" data-testid="drawer-balance">
                {formatFen(advertiser.balanceFen)}
              </dd>
            </div>
            <div className="rounded-md bg-neutral-50 px-3 py-2.5">
              <dt className="text-xs text-neutral-500">{t("prepaid")}</dt>
              <dd className="tabular mt-0.5 text-lg font-semibold">{formatFen(advertiser.prepaidFen)}</dd>
            </div>
            <div className="rounded-md bg-neutral-50 px-3 py-2.5">
              <dt className="text-xs text-neutral-500">{t("campaigns")}</dt>
              <dd className="tabular mt-0.5 text-lg font-semibold">{advertiser.campaigns}</dd>
            </div>
          </dl>
        ) : null}
        <AdvertiserForm advertiser={advertiser} canWrite={canWrite} onSaved={(id) => (advertiser ? undefined : onCreated(id))} />
        {advertiser && canPrepay ? <PrepaymentForm advertiser={advertiser} /> : null}
        {advertiser ? <PrepaymentsList prepayments={advertiser.prepayments} /> : null}
      </div>
    </Sheet>
  );
}
