"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { readError } from "../errors/read-error";
import { formatFen } from "../money/format-fen";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { Dialog } from "../ui/sheet";
import { Spinner } from "../ui/spinner";
import { toast } from "../ui/toast";
import { WithdrawalStatus } from "../wallet/withdrawal-status";
import { Pager, useCursorPager } from "./pager";
import { FilterTabs } from "./filter-tabs";
import { Panel, Table, Td, Th } from "./table";
import { QueryRows } from "./query-rows";

type Status = "pending" | "paid" | "rejected";
const FILTERS: (Status | "all")[] = ["pending", "paid", "rejected", "all"];

interface Row {
  id: string;
  phone: string;
  displayName: string;
  amountFen: number;
}

/** Withdrawal review: filter by status; approve or reject a pending one after a confirmation naming the amount and the user. */
export function WithdrawalsView({ canDecide }: { canDecide: boolean }) {
  const t = useTranslations("admin.withdrawals");
  const tt = useTranslations("admin.table");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pager = useCursorPager<string>();
  const [filter, setFilter] = useState<Status | "all">("pending");
  const [deciding, setDeciding] = useState<{ row: Row; decision: "approve" | "reject" } | null>(null);
  const [note, setNote] = useState("");
  const list = useQuery({
    ...trpc.admin.withdrawals.queryOptions({ status: filter === "all" ? undefined : filter, cursor: pager.cursor, limit: 20 }),
    placeholderData: (prev) => prev,
  });
  const decide = useMutation(trpc.admin.decideWithdrawal.mutationOptions());

  async function onConfirm() {
    if (!deciding || decide.isPending) return;
    const { row, decision } = deciding;
    try {
      await decide.mutateAsync({ withdrawalId: row.id, decision, note: decision === "reject" && note.trim() ? note.trim() : undefined });
      toast.success(decision === "approve" ? t("approved", { amount: formatFen(row.amountFen), phone: row.phone }) : t("rejected", { amount: formatFen(row.amountFen), phone: row.phone }));
    } catch (err) {
      toast.error(readError(err, tt("networkError")).message);
    } finally {
      setDeciding(null);
      setNote("");
      await queryClient.invalidateQueries({ queryKey: trpc.admin.withdrawals.pathKey() });
    }
  }

  const items = list.data?.items ?? [];
  const cols = canDecide ? 7 : 6;
  return (
    <Panel>
      <FilterTabs
        label={t("filterLabel")}
        options={FILTERS}
        value={filter}
        onChange={(f) => {
          setFilter(f);
          pager.reset();
        }}
        renderLabel={(f) => t(`filters.${f}`)}
        className="flex gap-1 border-b border-neutral-100 px-4 pt-3"
      >
        {list.isFetching && !list.isPending ? <Spinner className="ml-auto text-neutral-400" /> : null}
      </FilterTabs>
      <Table label={t("title")}>
        <thead>
          <tr>
            <Th>{t("createdAt")}</Th>
            <Th>{t("user")}</Th>
            <Th className="text-right">{t("amount")}</Th>
            <Th>{t("status")}</Th>
            <Th>{t("decidedAt")}</Th>
            <Th>{t("note")}</Th>
            {canDecide ? <Th className="text-right">{tt("actions")}</Th> : null}
          </tr>
        </thead>
        <tbody>
          <QueryRows query={list} items={items} colSpan={cols} empty={filter === "pending" ? t("noPending") : tt("empty")}>
            {(w) => (
              <tr key={w.id} data-testid="withdrawal-row" data-phone={w.phone}>
                <Td className="tabular whitespace-nowrap text-neutral-500">{format.dateTime(w.createdAt, { dateStyle: "short", timeStyle: "short" })}</Td>
                <Td>
                  <span className="font-medium">{w.displayName}</span>
                  <span className="tabular ml-2 text-neutral-500">{w.phone}</span>
                  {w.userFrozen ? <span className="ml-2 inline-flex h-5 items-center rounded bg-red-50 px-1.5 text-xs text-brand">{t("userFrozen")}</span> : null}
                </Td>
                <Td className="tabular text-right font-medium">{formatFen(w.amountFen)}</Td>
                <Td>
                  <WithdrawalStatus status={w.status} />
                </Td>
                <Td className="tabular whitespace-nowrap text-neutral-500">{w.decidedAt ? format.dateTime(w.decidedAt, { dateStyle: "short", timeStyle: "short" }) : "—"}</Td>
                <Td className="max-w-56 truncate text-neutral-500" title={w.decisionNote ?? undefined}>
                  {w.decisionNote ?? "—"}
                </Td>
                {canDecide ? (
                  <Td className="text-right whitespace-nowrap">
                    {w.status === "pending" ? (
                      <span className="inline-flex items-center gap-2">
                        {w.userFrozen ? <span className="max-w-48 text-left text-xs whitespace-normal text-neutral-500">{t("frozenWaits")}</span> : null}
                        <Button size="sm" disabled={w.userFrozen} title={w.userFrozen ? t("frozenWaits") : undefined} onClick={() => setDeciding({ row: w, decision: "approve" })}>
                          {t("approve")}
                        </Button>
                        <Button size="sm" variant="neutral" onClick={() => setDeciding({ row: w, decision: "reject" })}>
                          {t("reject")}
                        </Button>
                      </span>
                    ) : (
                      <span className="text-neutral-300">—</span>
                    )}
                  </Td>
                ) : null}
              </tr>
            )}
          </QueryRows>
        </tbody>
      </Table>
      <Pager page={pager.page} hasNext={!!list.data?.nextCursor} onPrev={pager.prev} onNext={() => list.data?.nextCursor && pager.next(list.data.nextCursor)} />

      <Dialog
        open={!!deciding}
        onClose={() => !decide.isPending && setDeciding(null)}
        title={deciding ? t(deciding.decision === "approve" ? "approveConfirm" : "rejectConfirm", { amount: formatFen(deciding.row.amountFen), phone: deciding.row.phone }) : ""}
        actions={
          <>
            <Button variant="neutral" onClick={() => setDeciding(null)} disabled={decide.isPending}>
              {t("cancel")}
            </Button>
            <Button onClick={onConfirm} loading={decide.isPending}>
              {deciding?.decision === "reject" ? t("confirmReject") : t("confirmApprove")}
            </Button>
          </>
        }
      >
        {deciding?.decision === "reject" ? (
          <div className="flex flex-col gap-2">
            <p>{t("rejectBody")}</p>
            <label className="text-xs font-medium text-neutral-700" htmlFor="reject-note">
              {t("rejectNoteLabel")}
            </label>
            <textarea
              id="reject-note"
              value={note}
              onChange={(e) => setNote(e.target.value)}
              maxLength={200}
              rows={3}
              placeholder={t("rejectNotePlaceholder")}
              className="w-full resize-none rounded-md border border-neutral-300 p-2 text-sm text-neutral-900 outline-none focus:border-neutral-500"
            />
            <p className="text-right text-xs text-neutral-400 tabular">{note.length}/200</p>
          </div>
        ) : (
          <p>{t("approveBody")}</p>
        )}
      </Dialog>
    </Panel>
  );
}
