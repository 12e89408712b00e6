"use client";

import { useQuery } from "@tanstack/react-query";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { formatAssetAmount } from "../money/format-fen";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { Spinner } from "../ui/spinner";
import { ASSET_ORDER, assetName } from "../wallet/asset-names";
import { RoleBadge } from "./role-badge";
import { Panel } from "./table";
import { AdjustDialog, FreezeDialog } from "./user-actions";
import { UserSections } from "./user-sections";

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-neutral-500">{label}</dt>
      <dd className="mt-0.5 truncate text-sm text-neutral-900">{children}</dd>
    </div>
  );
}

/** One user: who they are, their freeze, balances, referral tree, promoter validity and privileges; then paged sections. */
export function UserDetailView({ userId, canFreeze, canAdjust }: { userId: string; canFreeze: boolean; canAdjust: boolean }) {
  const t = useTranslations("admin.userDetail");
  const tu = useTranslations("admin.users");
  const format = useFormatter();
  const locale = useLocale();
  const trpc = useTRPC();
  const detail = useQuery(trpc.admin.user.detail.queryOptions({ userId }));
  const settings = useQuery(trpc.admin.settings.queryOptions());
  const [dialog, setDialog] = useState<"freeze" | "adjust" | null>(null);
  const names = settings.data?.displayNames;

  if (detail.isPending) {
    return (
      <div className="flex justify-center py-24 text-neutral-400">
        <Spinner />
      </div>
    );
  }
  if (detail.isError) return <p className="rounded-lg bg-white p-6 text-sm text-brand">{detail.error.message}</p>;
  const u = detail.data;
  const up = (r: typeof u.upline.l1) =>
    r ? (
      <Link href={`/admin/users/${r.id}`} className="text-blue-600 hover:underline">
        {r.displayName} <span className="tabular text-neutral-500">{r.phone}</span>
      </Link>
    ) : (
      "—"
    );

  return (
    <div className="flex flex-col gap-4">
      <Link href="/admin/users" className="text-sm text-neutral-500 hover:text-neutral-900">
        ← {t("backToList")}
      </Link>
      <Panel className="p-5">
        <div className="flex items-start justify-between gap-4">
          <div className="flex items-center gap-3">
            <span aria-hidden="true" className="flex size-12 items-center justify-center rounded-full bg-neutral-100 text-lg font-semibold text-neutral-600">
              {Array.from(u.displayName)[0] ?? "?"}
            </span>
            <div>
              <h1 className="flex items-center gap-2 text-xl font-semibold text-neutral-900">
                {u.displayName}
                <RoleBadge role={u.role} />
                {u.frozen ? <span className="inline-flex h-5 items-center rounded bg-red-50 px-1.5 text-xs font-normal text-brand">{tu("frozen")}</span> : null}
                {u.promoterValid ? <span className="inline-flex h-5 items-center rounded bg-amber-50 px-1.5 text-xs font-normal text-amber-700">{tu("promoterYes")}</span> : null}
              </h1>
              <p className="tabular text-sm text-neutral-500">
                {u.phone} · <span className="font-mono text-xs">{u.id}</span>
              </p>
            </div>
          </div>
          <div className="flex gap-2">
            {canAdjust && u.role === "shopper" ? (
              <Button size="sm" variant="neutral" onClick={() => setDialog("adjust")}>
                {t("adjust")}
              </Button>
            ) : null}
            {canFreeze ? (
              <Button size="sm" variant={u.frozen ? "neutral" : "primary"} onClick={() => setDialog("freeze")}>
                {u.frozen ? t("unfreeze") : t("freeze")}
              </Button>
            ) : null}
          </div>
        </div>
        {u.frozen ? (
          <div role="status" className="mt-4 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800" data-testid="frozen-banner">
            <p className="font-medium">{t("frozenTitle", { reason: u.frozenReason ?? "—" })}</p>
            <p className="mt-0.5 text-red-700/80">
              {t("frozenMeta", { at: u.frozenAt ? format.dateTime(u.frozenAt, { dateStyle: "medium", timeStyle: "short" }) : "—", by: u.frozenByName ?? "—" })}
            </p>
          </div>
        ) : null}
        <dl className="mt-5 grid grid-cols-4 gap-x-6 gap-y-4">
          <Item label={tu("code")}>
            <span className="font-mono">{u.referralCode}</span>
          </Item>
          <Item label={t("signUpSource")}>{u.signUpSource === "referral" ? t("sourceReferral", { code: u.upline.l1?.referralCode ?? "" }) : t("sourceDirect")}</Item>
          <Item label={tu("createdAt")}>{format.dateTime(u.createdAt, { dateStyle: "medium", timeStyle: "short" })}</Item>
          <Item label={t("promoterValidity")}>
            {u.promoterValidUntil ? (u.promoterValid ? t("validUntil", { date: format.dateTime(u.promoterValidUntil, { dateStyle: "medium", timeStyle: "short" }) }) : t("expired", { date: format.dateTime(u.promoterValidUntil, { dateStyle: "medium" }) })) : t("neverPromoter")}
          </Item>
          <Item label={t("uplineL1")}>{up(u.upline.l1)}</Item>
          <Item label={t("uplineL2")}>{up(u.upline.l2)}</Item>
          <Item label={t("downline")}>{t("downlineCounts", { l1: u.downline.l1, l2: u.downline.l2 })}</Item>
          <Item label={t("privileges")}>
            {u.privileges.length === 0 ? t("noPrivileges") : u.privileges.map((p) => t("privilegeLine", { activity: p.activityName, count: p.noWinEntriesLeft })).join("；")}
          </Item>
        </dl>
      </Panel>

      <Panel className="p-5">
        <h2 className="mb-3 text-sm font-semibold">{t("balances")}</h2>
        <div className="grid grid-cols-5 gap-3">
          {ASSET_ORDER.map((asset) => (
            <div key={asset} className="rounded-md bg-neutral-50 px-4 py-3" data-testid={`balance-${asset}`}>
              <p className="truncate text-xs text-neutral-500">{names ? assetName(names, asset, locale) : asset}</p>
              <p className="tabular mt-1 text-lg font-semibold">{formatAssetAmount(asset, u.balances[asset])}</p>
            </div>
          ))}
        </div>
      </Panel>

      <Panel>
        <UserSections userId={u.id} frozen={u.frozen} counts={u.downline} names={names} />
      </Panel>

      <FreezeDialog open={dialog === "freeze"} onClose={() => setDialog(null)} user={u} />
      <AdjustDialog open={dialog === "adjust"} onClose={() => setDialog(null)} user={u} balances={u.balances} names={names} />
    </div>
  );
}
