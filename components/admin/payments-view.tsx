"use client";

import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { formatFen } from "../money/format-fen";
import { useTRPC } from "../trpc/react";
import { Panel, Table, Td, Th } from "./table";
import { QueryRows } from "./query-rows";

/** Gateway payments whose notification did not match the order: held, never credited, for a person to check. */
export function PaymentsView() {
  const t = useTranslations("admin.payments");
  const format = useFormatter();
  const trpc = useTRPC();
  const list = useQuery(trpc.admin.paymentsForReview.queryOptions({ limit: 100 }));
  const items = list.data ?? [];
  return (
    <Panel>
      <Table label={t("title")}>
        <thead>
          <tr>
            <Th>{t("createdAt")}</Th>
            <Th>{t("order")}</Th>
            <Th>{t("user")}</Th>
            <Th className="text-right">{t("amount")}</Th>
            <Th>{t("currency")}</Th>
            <Th>{t("txn")}</Th>
            <Th>{t("reason")}</Th>
          </tr>
        </thead>
        <tbody>
          <QueryRows query={list} items={items} colSpan={7} empty={t("empty")}>
            {(p) => (
              <tr key={p.id}>
                <Td className="tabular whitespace-nowrap text-neutral-500">{format.dateTime(p.createdAt, { dateStyle: "short", timeStyle: "short" })}</Td>
                <Td className="font-mono text-xs" title={p.id}>
                  {p.id.slice(0, 8)}
                </Td>
                <Td className="tabular">{p.phone}</Td>
                <Td className="tabular text-right font-medium">{formatFen(p.amountFen)}</Td>
                <Td>{p.currency}</Td>
                <Td className="font-mono text-xs">{p.gatewayTxnId ?? "—"}</Td>
                <Td className="text-amber-700">{p.reviewReason ?? "—"}</Td>
              </tr>
            )}
          </QueryRows>
        </tbody>
      </Table>
    </Panel>
  );
}
