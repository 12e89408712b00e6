"use client";

import { useQuery } from "@tanstack/react-query";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import type { HeldPaymentAction } from "@/db/schema";
import { translateOr } from "../i18n/dynamic-key";
import { formatMinorUnits } from "../money/format-minor-units";
import { formatFen } from "../money/format-fen";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { HeldPaymentDialog, type HeldPayment } from "./held-payment-dialog";
import { heldReasonText, reportedAmount } from "./held-payment-text";
import { ProviderBadge, ProviderRef } from "./provider-badge";
import { Table, Td, Th } from "./table";
import { QueryRows } from "./query-rows";

/**
 * Gateway payments whose notification did not match the order: held, never credited on their own.
 * Finance credits each as paid, refunds the payer or dismisses it (with a reason); the resolved list
 * shows who decided what.
 */
export function HeldPaymentsTable({ canResolve, resolved }: { canResolve: boolean; resolved: boolean }) {
  const t = useTranslations("admin.payments");
  const format = useFormatter();
  const locale = useLocale();
  const trpc = useTRPC();
  const tab = resolved ? "resolved" : "open";
  const [acting, setActing] = useState<{ payment: HeldPayment; action: HeldPaymentAction } | null>(null);
  const list = useQuery(trpc.admin.paymentsForReview.queryOptions({ limit: 100, resolved }));
  const items = list.data ?? [];
  const cols = 9;
  return (
    <>
      <Table label={t("title")}>
        <thead>
          <tr>
            <Th>{t("createdAt")}</Th>
            <Th>{t("user")}</Th>
            <Th>{t("purpose")}</Th>
            <Th>{t("provider")}</Th>
            <Th className="text-right">{t("amount")}</Th>
            <Th className="text-right">{t("reported")}</Th>
            <Th>{t("reason")}</Th>
            <Th>{t("txn")}</Th>
            <Th className="text-right">{t("decision")}</Th>
          </tr>
        </thead>
        <tbody>
          <QueryRows query={list} items={items} colSpan={cols} empty={tab === "open" ? t("empty") : t("emptyResolved")}>
            {(p) => {
              const reported = reportedAmount(p);
              return (
                <tr key={p.id} data-testid="held-payment" data-payment-id={p.id} className="align-top">
                  <Td className="tabular whitespace-nowrap text-neutral-500">
                    {format.dateTime(p.createdAt, { dateStyle: "short", timeStyle: "short" })}
                    <div className="font-mono text-xs text-neutral-400" title={p.id}>
                      {p.id.slice(0, 8)}
                    </div>
                  </Td>
                  <Td className="whitespace-nowrap">
                    <span className="font-medium">{p.displayName}</span>
                    <div className="tabular text-neutral-500">{p.phone}</div>
                  </Td>
                  <Td className="whitespace-nowrap text-neutral-600">{translateOr(t, `purposes.${p.purpose}`, p.purpose)}</Td>
                  <Td>
                    <ProviderBadge provider={p.provider} />
                  </Td>
                  <Td className="tabular whitespace-nowrap text-right font-medium">{formatFen(p.amountFen)}</Td>
                  <Td className="tabular whitespace-nowrap text-right text-amber-700">{reported ? formatMinorUnits(reported.amount, reported.currency, locale) : "—"}</Td>
                  <Td className="max-w-80 text-amber-700">{heldReasonText(t, p, locale)}</Td>
                  <Td className="max-w-40">
                    <ProviderRef value={p.gatewayTxnId} />
                  </Td>
                  <Td className="text-right">
                    {p.decision ? (
                      <div className="flex flex-col items-end gap-0.5" data-testid="held-payment-decision">
                        <span className="font-medium">{translateOr(t, `outcomes.${p.decision.outcome}`, p.decision.outcome ?? "")}</span>
                        <span className="max-w-64 text-xs text-neutral-600">{p.decision.reason}</span>
                        {p.decision.refundReference ? <span className="font-mono text-xs text-neutral-400">{t("refundRef", { ref: p.decision.refundReference })}</span> : null}
                        <span className="text-xs text-neutral-400">
                          {t("decidedBy", { name: p.decision.actorName ?? "", time: p.decision.decidedAt ? format.dateTime(p.decision.decidedAt, { dateStyle: "short", timeStyle: "short" }) : "" })}
                        </span>
                      </div>
                    ) : canResolve ? (
                      <div className="flex justify-end gap-1.5 whitespace-nowrap">
                        <Button size="sm" onClick={() => setActing({ payment: p, action: "credit" })} data-testid="held-credit">
                          {t("actions.credit")}
                        </Button>
                        <Button
                          size="sm"
                          variant="outline"
                          disabled={!reported || reported.amount <= 0}
                          title={!reported || reported.amount <= 0 ? t("nothingToRefund") : undefined}
                          onClick={() => setActing({ payment: p, action: "refund" })}
                          data-testid="held-refund"
                        >
                          {t("actions.refund")}
                        </Button>
                        <Button size="sm" variant="neutral" onClick={() => setActing({ payment: p, action: "dismiss" })} data-testid="held-dismiss">
                          {t("actions.dismiss")}
                        </Button>
                      </div>
                    ) : (
                      <span className="text-neutral-400">—</span>
                    )}
                  </Td>
                </tr>
              );
            }}
          </QueryRows>
        </tbody>
      </Table>
      {acting ? <HeldPaymentDialog payment={acting.payment} action={acting.action} onClose={() => setActing(null)} /> : null}
    </>
  );
}
