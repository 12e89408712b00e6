"use client";

import { skipToken, useInfiniteQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { formatAssetAmount } from "../money/format-fen";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { Sheet } from "../ui/sheet";
import { Spinner } from "../ui/spinner";
import { ASSET_ORDER } from "../wallet/asset-names";
import { useAssetName } from "./use-asset-name";
import { useReasonLabel } from "../wallet/use-reason-label";
import { RoleBadge } from "./role-badge";
import { StateRow, Table, Td, Th } from "./table";

/** One user's profile, every balance and their ledger, newest first. */
export function UserDrawer({ userId, onClose }: { userId: string | null; onClose: () => void }) {
  const t = useTranslations("admin.users");
  const tt = useTranslations("admin.table");
  const common = useTranslations("common");
  const format = useFormatter();
  const reasonLabel = useReasonLabel();
  const trpc = useTRPC();
  const ledger = useInfiniteQuery(trpc.admin.userLedger.infiniteQueryOptions(userId ? { userId, limit: 20 } : skipToken, { getNextPageParam: (last) => last.entries.nextCursor }));
  const first = ledger.data?.pages[0];
  const entries = ledger.data?.pages.flatMap((p) => p.entries.items) ?? [];
  const name = useAssetName();

  return (
    <Sheet open={!!userId} onClose={onClose} side="right" width="max-w-2xl" title={first?.profile.displayName ?? t("details")} closeLabel={common("close")}>
      {ledger.isPending ? (
        <div className="flex justify-center py-16 text-neutral-400">
          <Spinner label={tt("loading")} />
        </div>
      ) : ledger.isError || !first ? (
        <p className="p-6 text-sm text-brand">{ledger.error?.message}</p>
      ) : (
        <div className="flex flex-col gap-6 p-5">
          <dl className="grid grid-cols-3 gap-x-6 gap-y-3 text-sm">
            <div>
              <dt className="text-xs text-neutral-500">{t("phone")}</dt>
              <dd className="tabular mt-0.5">{first.profile.phone}</dd>
            </div>
            <div>
              <dt className="text-xs text-neutral-500">{t("role")}</dt>
              <dd className="mt-0.5">
                <RoleBadge role={first.profile.role} />
              </dd>
            </div>
            <div>
              <dt className="text-xs text-neutral-500">{t("code")}</dt>
              <dd className="mt-0.5 font-mono">{first.profile.referralCode}</dd>
            </div>
            <div>
              <dt className="text-xs text-neutral-500">{t("referrer")}</dt>
              <dd className="mt-0.5">{first.profile.referrerName ?? "—"}</dd>
            </div>
            <div>
              <dt className="text-xs text-neutral-500">{t("createdAt")}</dt>
              <dd className="tabular mt-0.5">{format.dateTime(first.profile.createdAt, { dateStyle: "medium", timeStyle: "short" })}</dd>
            </div>
            <div>
              <dt className="text-xs text-neutral-500">{t("status")}</dt>
              <dd className="mt-0.5">{first.profile.frozen ? t("frozen") : t("active")}</dd>
            </div>
          </dl>

          <section>
            <h3 className="mb-2 text-sm font-semibold">{t("balances")}</h3>
            <div className="grid grid-cols-5 gap-2">
              {ASSET_ORDER.map((asset) => (
                <div key={asset} className="rounded-md bg-neutral-50 px-3 py-2.5">
                  <p className="truncate text-xs text-neutral-500">{name(asset)}</p>
                  <p className="tabular mt-1 text-[15px] font-semibold">{formatAssetAmount(asset, first.balances[asset])}</p>
                </div>
              ))}
            </div>
          </section>

          <section>
            <h3 className="mb-2 text-sm font-semibold">{t("ledger")}</h3>
            <div className="rounded-md border border-neutral-200">
              <Table label={t("ledger")}>
                <thead>
                  <tr>
                    <Th>{t("entryTime")}</Th>
                    <Th>{t("entryAsset")}</Th>
                    <Th>{t("entryReason")}</Th>
                    <Th>{t("entryRef")}</Th>
                    <Th className="text-right">{t("entryAmount")}</Th>
                  </tr>
                </thead>
                <tbody>
                  {entries.length === 0 ? (
                    <StateRow colSpan={5}>{t("ledgerEmpty")}</StateRow>
                  ) : (
                    entries.map((e) => (
                      <tr key={e.id}>
                        <Td className="tabular whitespace-nowrap text-neutral-500">{format.dateTime(e.createdAt, { dateStyle: "short", timeStyle: "short" })}</Td>
                        <Td>{name(e.asset)}</Td>
                        <Td>{reasonLabel(e.reason)}</Td>
                        <Td className="max-w-40 truncate font-mono text-xs text-neutral-400" title={`${e.refType}:${e.refId}`}>
                          {e.refType}:{e.refId.slice(0, 8)}
                        </Td>
                        <Td className={`tabular text-right font-medium whitespace-nowrap ${e.amount > 0 ? "text-green-600" : "text-neutral-600"}`}>{formatAssetAmount(e.asset, e.amount, { sign: "always" })}</Td>
                      </tr>
                    ))
                  )}
                </tbody>
              </Table>
            </div>
            {ledger.hasNextPage ? (
              <Button size="sm" variant="neutral" className="mt-3" onClick={() => ledger.fetchNextPage()} loading={ledger.isFetchingNextPage}>
                {tt("loadMore")}
              </Button>
            ) : null}
          </section>
        </div>
      )}
    </Sheet>
  );
}
