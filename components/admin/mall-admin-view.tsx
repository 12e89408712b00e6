"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { newEntryId } from "../activities/new-entry-id";
import { readError } from "../errors/read-error";
import { formatFen, formatPoints } from "../money/format-fen";
import { parseYuanToFen } from "../money/parse-yuan";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { Field, FormError } from "../ui/input";
import { Dialog } from "../ui/sheet";
import { toast } from "../ui/toast";
import { UserPicker, type UserPick } from "./user-picker";
import { assetName } from "../wallet/asset-names";
import { Panel, Table, Td, Th } from "./table";
import { QueryRows } from "./query-rows";

/** Points-mall items (add, price, allotment, on/off) and the voucher grant form. */
export function MallAdminView({ canWrite, canGrant }: { canWrite: boolean; canGrant: boolean }) {
  const t = useTranslations("admin.store");
  const tt = useTranslations("admin.table");
  const locale = useLocale();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const settings = useQuery(trpc.admin.settings.queryOptions());
  const items = useQuery(trpc.admin.store.mallItems.queryOptions());
  const products = useQuery(trpc.admin.store.products.queryOptions({ limit: 100 }));
  const save = useMutation(trpc.admin.store.saveMallItem.mutationOptions());
  const name = (a: string) => (settings.data ? assetName(settings.data.displayNames, a, locale) : a);
  const [v, setV] = useState({ productId: "", asset: "mallPoints" as "mallPoints" | "divPoints", pricePoints: "", stock: "" });
  const [error, setError] = useState<string | null>(null);

  async function add(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await save.mutateAsync({ productId: v.productId, asset: v.asset, pricePoints: Number(v.pricePoints), stock: Number(v.stock), active: true });
      setV({ productId: "", asset: "mallPoints", pricePoints: "", stock: "" });
      await qc.invalidateQueries({ queryKey: trpc.admin.store.mallItems.queryKey() });
      toast.success(t("saved"));
    } catch (err) {
      setError(readError(err, tt("networkError")).message);
    }
  }
  async function toggle(i: NonNullable<typeof items.data>[number]) {
    try {
      await save.mutateAsync({ id: i.id, productId: i.productId, asset: i.asset, pricePoints: i.pricePoints, stock: i.stock, active: !i.active });
      await qc.invalidateQueries({ queryKey: trpc.admin.store.mallItems.queryKey() });
    } catch (err) {
      toast.error(readError(err, tt("networkError")).message);
    }
  }
  return (
    <div className={`grid items-start gap-4 ${canGrant ? "grid-cols-[1fr_360px]" : "grid-cols-1"}`}>
      <Panel>
        <Table label={t("mallTitle")}>
          <thead>
            <tr>
              <Th>{t("product")}</Th>
              <Th>{t("asset")}</Th>
              <Th className="text-right">{t("pricePoints")}</Th>
              <Th className="text-right">{t("mallStock")}</Th>
              <Th>{t("active")}</Th>
              <Th className="text-right">{tt("actions")}</Th>
            </tr>
          </thead>
          <tbody>
            <QueryRows query={items} items={items.data ?? []} colSpan={6}>
              {(i) => (
                <tr key={i.id}>
                  <Td className="font-medium">{i.name}</Td>
                  <Td>{name(i.asset)}</Td>
                  <Td className="tabular text-right">{formatPoints(i.pricePoints)}</Td>
                  <Td className="tabular text-right">{i.stock}</Td>
                  <Td>{i.active ? t("active") : t("inactive")}</Td>
                  <Td className="text-right">
                    {canWrite ? (
                      <Button size="sm" variant="neutral" onClick={() => toggle(i)}>
                        {i.active ? t("inactive") : t("active")}
                      </Button>
                    ) : null}
                  </Td>
                </tr>
              )}
            </QueryRows>
          </tbody>
        </Table>
        {canWrite ? (
          <form onSubmit={add} className="grid grid-cols-[2fr_1fr_1fr_1fr_auto] items-end gap-3 border-t border-neutral-100 p-4">
            <label className="flex flex-col gap-1.5 text-sm font-medium text-neutral-700">
              {t("product")}
              <select value={v.productId} onChange={(e) => setV((s) => ({ ...s, productId: e.target.value }))} className="h-11 rounded-lg border border-neutral-300 bg-white px-2 font-normal">
                <option value="">—</option>
                {products.data?.items.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="flex flex-col gap-1.5 text-sm font-medium text-neutral-700">
              {t("asset")}
              <select value={v.asset} onChange={(e) => setV((s) => ({ ...s, asset: e.target.value as "mallPoints" | "divPoints" }))} className="h-11 rounded-lg border border-neutral-300 bg-white px-2 font-normal">
                <option value="mallPoints">{name("mallPoints")}</option>
                <option value="divPoints">{name("divPoints")}</option>
              </select>
            </label>
            <Field label={t("pricePoints")} value={v.pricePoints} onChange={(e) => setV((s) => ({ ...s, pricePoints: e.target.value }))} inputMode="numeric" />
            <Field label={t("mallStock")} value={v.stock} onChange={(e) => setV((s) => ({ ...s, stock: e.target.value }))} inputMode="numeric" />
            <Button type="submit" loading={save.isPending} disabled={!v.productId}>
              {t("newMallItem")}
            </Button>
            <div className="col-span-5">
              <FormError>{error}</FormError>
            </div>
          </form>
        ) : null}
      </Panel>
      {canGrant ? <GrantVoucher /> : null}
    </div>
  );
}

function GrantVoucher() {
  const t = useTranslations("admin.store");
  const tt = useTranslations("admin.table");
  const trpc = useTRPC();
  const grant = useMutation(trpc.admin.store.grantVoucher.mutationOptions());
  const [grantId, setGrantId] = useState(newEntryId);
  const [user, setUser] = useState<UserPick | null>(null);
  const [userError, setUserError] = useState<string | null>(null);
  const [v, setV] = useState({ amount: "", note: "" });
  const [confirmFen, setConfirmFen] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setUserError(user ? null : t("grantUserRequired"));
    const fen = parseYuanToFen(v.amount);
    if (fen === null || fen <= 0) return setError(t("priceInvalid"));
    setError(null);
    if (user) setConfirmFen(fen);
  }
  async function doGrant() {
    if (confirmFen === null || !user) return;
    try {
      await grant.mutateAsync({ grantId, userId: user.id, amountFen: confirmFen, note: v.note });
      toast.success(t("granted", { amount: formatFen(confirmFen), user: user.displayName }));
      setUser(null);
      setV({ amount: "", note: "" });
      setGrantId(newEntryId());
    } catch (err) {
      setError(readError(err, tt("networkError")).message);
    } finally {
      setConfirmFen(null);
    }
  }
  return (
    <Panel className="p-4">
      <h2 className="mb-3 text-sm font-semibold">{t("grantTitle")}</h2>
      <form onSubmit={onSubmit} className="flex flex-col gap-3" noValidate>
        <UserPicker
          label={t("grantUser")}
          value={user}
          onChange={(u) => {
            setUser(u);
            if (u) setUserError(null);
          }}
          error={userError}
        />
        <Field label={t("grantAmount")} value={v.amount} onChange={(e) => setV((s) => ({ ...s, amount: e.target.value }))} inputMode="decimal" />
        <Field label={t("grantNote")} value={v.note} onChange={(e) => setV((s) => ({ ...s, note: e.target.value }))} maxLength={200} />
        <FormError>{error}</FormError>
        <Button type="submit">{t("grant")}</Button>
      </form>
      <Dialog
        open={confirmFen !== null}
        onClose={() => setConfirmFen(null)}
        title={confirmFen !== null && user ? t("grantConfirm", { amount: formatFen(confirmFen), user: `${user.displayName} ${user.phone}` }) : ""}
        actions={
          <>
            <Button variant="neutral" onClick={() => setConfirmFen(null)}>
              {t("cancel")}
            </Button>
            <Button onClick={doGrant} loading={grant.isPending}>
              {t("grant")}
            </Button>
          </>
        }
      />
    </Panel>
  );
}
