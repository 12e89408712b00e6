import { getTranslations } from "next-intl/server";
import { formatFen } from "../money/format-fen";
import type { ReferralEarnings } from "@/server/domain/referrals/read-referral-earnings";

const KINDS = [
  ["release", "kindRelease"],
  ["ads", "kindAds"],
  ["store", "kindStore"],
] as const;

/** Totals by kind and level (ledger sums), held and clawed-back store commission. */
export async function EarningsSummary({ earnings }: { earnings: ReferralEarnings }) {
  const t = await getTranslations("referral");
  const held = earnings.storeHeldFen.l1 + earnings.storeHeldFen.l2;
  const clawed = earnings.storeClawedBackFen.l1 + earnings.storeClawedBackFen.l2;
  return (
    <div className="px-4 pb-4" data-testid="earnings-summary">
      <div className="rounded-xl bg-brand/5 px-4 py-3">
        <p className="text-xs text-neutral-500">{t("totalPaid")}</p>
        <p className="tabular text-2xl font-semibold text-brand" data-testid="earnings-total">
          {formatFen(earnings.totalPaidFen)}
        </p>
      </div>
      <table className="mt-3 w-full text-sm">
        <thead>
          <tr className="text-xs text-neutral-500">
            <th className="py-1 text-left font-normal" />
            <th className="py-1 text-right font-normal">{t("levelShort1")}</th>
            <th className="py-1 text-right font-normal">{t("levelShort2")}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-neutral-100">
          {KINDS.map(([kind, label]) => (
            <tr key={kind} data-testid={`earned-${kind}`}>
              <td className="py-2 text-neutral-700">{t(label)}</td>
              <td className="tabular py-2 text-right font-medium">{formatFen(earnings.paidFen[kind].l1)}</td>
              <td className="tabular py-2 text-right font-medium">{formatFen(earnings.paidFen[kind].l2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="mt-2 grid grid-cols-2 gap-2 text-center">
        <div className="rounded-xl bg-neutral-50 px-2 py-2">
          <p className="text-xs text-neutral-500">{t("storeHeld")}</p>
          <p className="tabular font-semibold text-amber-700" data-testid="earnings-held">{formatFen(held)}</p>
        </div>
        <div className="rounded-xl bg-neutral-50 px-2 py-2">
          <p className="text-xs text-neutral-500">{t("storeClawedBack")}</p>
          <p className="tabular font-semibold text-neutral-700">{formatFen(clawed)}</p>
        </div>
      </div>
    </div>
  );
}
