import { useFormatter, useTranslations } from "next-intl";
import { formatFen } from "../../money/format-fen";
import type { AdvertiserRow } from "./types";

/** The advertiser's recent prepayments (the API gives the last 20, newest first). */
export function PrepaymentsList({ prepayments }: { prepayments: AdvertiserRow["prepayments"] }) {
  const t = useTranslations("admin.ads.advertisers");
  const format = useFormatter();
  return (
    <section>
      <h3 className="mb-2 text-sm font-semibold">{t("recentPrepayments")}</h3>
      {prepayments.length === 0 ? (
        <p className="rounded-md bg-neutral-50 px-3 py-6 text-center text-sm text-neutral-400">{t("noPrepayments")}</p>
      ) : (
        <table className="w-full text-sm" data-testid="prepayments">
          <thead>
            <tr className="text-xs text-neutral-400">
              <th className="py-1.5 text-left font-normal">{t("recordedAt")}</th>
              <th className="py-1.5 text-left font-normal">{t("reference")}</th>
              <th className="py-1.5 text-right font-normal">{t("amount")}</th>
            </tr>
          </thead>
          <tbody>
            {prepayments.map((p) => (
              <tr key={p.id} className="border-t border-neutral-100">
                <td className="tabular py-2 text-neutral-600">{format.dateTime(p.createdAt, { dateStyle: "short", timeStyle: "short" })}</td>
                <td className="py-2 font-mono text-xs">{p.reference}</td>
                <td className="tabular py-2 text-right font-medium">{formatFen(p.amountFen, { sign: "always" })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
