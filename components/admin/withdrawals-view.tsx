"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { readError } from "../errors/read-error";
import { formatFen } from "../money/format-fen";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { Dialog } from "../ui/sheet";
import { Spinner } from "../ui/spinner";
import { toast } from "../ui/toast";
import { WithdrawalStatus, type WithdrawalStatusValue } from "../wallet/withdrawal-status";
import { useDestinationText } from "../wallet/destination-list";
import { usePayoutFailureText } from "../wallet/payout-failure-text";
import type { MaskedDestinationView } from "../wallet/destination-text";
import { Pager, useCursorPager } from "./pager";
import { FilterTabs } from "./filter-tabs";
import { Panel, Table, Td, Th } from "./table";
import { QueryRows } from "./query-rows";

type Status = WithdrawalStatusValue;
const FILTERS: (Status | "all")[] = ["pending", "processing", "paid", "failed", "rejected", "all"];

interface Row {
  id: string;
  phone: string;
  displayName: string;
  amountFen: number;
  destination: MaskedDestinationView | null;
}

type Full = { kind: MaskedDestinationView["kind"]; account: string; bankCode: string | null; holderName: string };

/** Finance's look at the full account (each one audited on the server); everyone else is told it is finance's. */
function FullAccount({ withdrawalId, canReveal, auto = false }: { withdrawalId: string; canReveal: boolean; auto?: boolean }) {
  const t = useTranslations("admin.withdrawals");
  const tt = useTranslations("admin.table");
  const trpc = useTRPC();
  const reveal = useMutation(trpc.admin.payouts.revealDestination.mutationOptions());
  const label = useDestinationText();
  const [full, setFull] = useState<Full | null>(null);
  const started = useRef(false);
  const show = async () => {
    try {
      setFull(await reveal.mutateAsync({ withdrawalId }));
    } catch (err) {
      toast.error(readError(err, tt("networkError")).message);
    }
  };
  useEffect(() => {
    if (auto && canReveal && !started.current) {
      started.current = true;
      void show();
    }
  });
  if (!canReveal) return <span className="text-xs text-neutral-400">{t("maskedOnly")}</span>;
  if (full) {
    return (
      <span className="tabular font-medium text-neutral-900" data-testid="full-account">
        {label(full)} · {full.holderName}
      </span>
    );
  }
  return (
    <button type="button" onClick={show} disabled={reveal.isPending} title={t("revealHint")} className="text-xs text-sky-700 underline-offset-2 hover:underline disabled:opacity-50">
      {t("reveal")}
    </button>
  );
}

/**
 * Withdrawal review: filter by status; each row names where the money goes (masked; finance may show the
 * full account, audited, and sees it in the approval dialog); approve or reject (with a reason) a pending
 * one after a confirmation naming the amount and the user.
 */
export function WithdrawalsView({ canDecide, canReveal }: { canDecide: boolean; canReveal: boolean }) {
  const t = useTranslations("admin.withdrawals");
  const tt = useTranslations("admin.table");
  const failureText = usePayoutFailureText();
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
  const label = useDestinationText();

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
  const cols = canDecide ? 8 : 7;
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
            <Th>{t("destination")}</Th>
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
                <Td className="whitespace-nowrap">
                  {w.destination ? (
                    <div className="flex flex-col gap-0.5">
                      <span className="tabular" data-testid="masked-account">
                        {label(w.destination)} · {w.destination.holderName}
                      </span>
                      <FullAccount withdrawalId={w.id} canReveal={canReveal} />
                    </div>
                  ) : (
                    <span className="text-neutral-400">{t("noDestination")}</span>
                  )}
                </Td>
                <Td>
                  <span className="inline-flex items-center gap-1.5">
                    <WithdrawalStatus status={w.status} />
                    {w.flagged ? <span className="inline-flex h-5 items-center rounded bg-amber-100 px-1.5 text-xs text-amber-800">{t("flagged")}</span> : null}
                  </span>
                </Td>
                <Td className="tabular whitespace-nowrap text-neutral-500">{w.decidedAt ? format.dateTime(w.decidedAt, { dateStyle: "short", timeStyle: "short" }) : "—"}</Td>
                <Td className="max-w-56 truncate text-neutral-500" title={w.failureReason ?? w.decisionNote ?? undefined}>
                  {w.failureReason ? <span className="text-red-600">{t("failure", { reason: failureText(w.failureCode, w.failureReason) })}</span> : (w.decisionNote ?? "—")}
                </Td>
                {canDecide ? (
                  <Td className="text-right whitespace-nowrap">
                    {w.status === "pending" ? (
                      <span className="inline-flex items-center gap-2">
                        {w.userFrozen ? <span className="max-w-48 text-left text-xs whitespace-normal text-neutral-500">{t("frozenWaits")}</span> : null}
                        <Button size="sm" disabled={w.userFrozen || !w.destination} title={w.userFrozen ? t("frozenWaits") : undefined} onClick={() => setDeciding({ row: w, decision: "approve" })}>
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
            <Button onClick={onConfirm} loading={decide.isPending} disabled={deciding?.decision === "reject" && !note.trim()}>
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
        ) : deciding ? (
          <div className="flex flex-col gap-3">
            <p>{t("approveBody")}</p>
            <dl className="rounded-md bg-neutral-50 px-3 py-2 text-sm">
              <dt className="text-xs text-neutral-500">{t("approveTo")}</dt>
              <dd className="tabular mt-0.5 text-neutral-800">{deciding.row.destination ? `${label(deciding.row.destination)} · ${deciding.row.destination.holderName}` : "—"}</dd>
              {canReveal ? <dt className="mt-2 text-xs text-neutral-500">{t("fullAccount")}</dt> : null}
              <dd className="mt-0.5">
                <FullAccount withdrawalId={deciding.row.id} canReveal={canReveal} auto />
              </dd>
            </dl>
          </div>
        ) : null}
      </Dialog>
    </Panel>
  );
}
