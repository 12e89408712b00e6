"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { readError } from "../errors/read-error";
import { FEN_ASSETS, formatAssetAmount } from "../money/format-fen";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { Dialog } from "../ui/sheet";
import { ReasonBox } from "./reason-box";
import { toast } from "../ui/toast";
import { ASSET_ORDER, assetName } from "../wallet/asset-names";
import type { DisplayNames } from "@/server/domain/settings/platform-settings";
import type { Asset } from "@/db/schema";

/** Freeze (reason required) or unfreeze, after a confirmation naming the user. */
export function FreezeDialog({ open, onClose, user }: { open: boolean; onClose: () => void; user: { id: string; displayName: string; phone: string; frozen: boolean } }) {
  const t = useTranslations("admin.userDetail");
  const tt = useTranslations("admin.table");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string>();
  const freeze = useMutation(trpc.admin.user.freeze.mutationOptions());
  const unfreeze = useMutation(trpc.admin.user.unfreeze.mutationOptions());
  const pending = freeze.isPending || unfreeze.isPending;

  async function confirm() {
    if (pending) return;
    if (reason.trim().length < 2) return setError(t("reasonRequired"));
    try {
      await (user.frozen ? unfreeze : freeze).mutateAsync({ userId: user.id, reason: reason.trim() });
      toast.success(user.frozen ? t("unfrozenToast", { name: user.displayName }) : t("frozenToast", { name: user.displayName }));
      setReason("");
      setError(undefined);
      onClose();
      await qc.invalidateQueries({ queryKey: trpc.admin.user.pathKey() });
      await qc.invalidateQueries({ queryKey: trpc.admin.users.pathKey() });
    } catch (err) {
      setError(readError(err, tt("networkError")).message);
    }
  }

  return (
    <Dialog
      open={open}
      onClose={() => !pending && onClose()}
      title={user.frozen ? t("unfreezeConfirm", { name: user.displayName, phone: user.phone }) : t("freezeConfirm", { name: user.displayName, phone: user.phone })}
      actions={
        <>
          <Button variant="neutral" onClick={onClose} disabled={pending}>
            {t("cancel")}
          </Button>
          <Button onClick={confirm} loading={pending}>
            {user.frozen ? t("unfreeze") : t("freeze")}
          </Button>
        </>
      }
    >
      <div className="flex flex-col gap-2">
        <p>{user.frozen ? t("unfreezeBody") : t("freezeBody")}</p>
        <ReasonBox
          id="freeze-reason"
          label={t("reasonLabel")}
          value={reason}
          onChange={(v) => {
            setReason(v);
            setError(undefined);
          }}
          error={error}
          placeholder={user.frozen ? t("unfreezePlaceholder") : t("freezePlaceholder")}
        />
      </div>
    </Dialog>
  );
}

/** "12.34" yuan or "120" points → the integer the ledger stores (fen or points), or null when malformed. */
export function parseAdjustment(asset: Asset, text: string): number | null {
  const s = text.trim();
  if (FEN_ASSETS.has(asset)) {
    const m = /^([+-])?(\d{1,9})(?:\.(\d{1,2}))?$/.exec(s);
    if (!m) return null;
    const fen = Number(m[2]) * 100 + Number((m[3] ?? "").padEnd(2, "0"));
    return m[1] === "-" ? -fen : fen;
  }
  const m = /^([+-])?(\d{1,9})$/.exec(s);
  if (!m) return null;
  return m[1] === "-" ? -Number(m[2]) : Number(m[2]);
}

/** A finance adjustment: asset, signed amount, reason; confirmed with the balance it leaves; one id per dialog opening, so a double click posts once. */
export function AdjustDialog({ open, onClose, user, balances, names }: { open: boolean; onClose: () => void; user: { id: string; displayName: string; phone: string }; balances: Record<Asset, number>; names?: DisplayNames }) {
  const t = useTranslations("admin.userDetail");
  const tt = useTranslations("admin.table");
  const locale = useLocale();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [adjustmentId, setAdjustmentId] = useState(() => crypto.randomUUID());
  const [asset, setAsset] = useState<Asset>("cash");
  const [amountText, setAmountText] = useState("");
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<{ amount?: string; reason?: string; form?: string }>({});
  const [confirming, setConfirming] = useState(false);
  const adjust = useMutation(trpc.admin.user.adjust.mutationOptions());
  const name = (a: string) => (names ? assetName(names, a, locale) : a);
  const amount = parseAdjustment(asset, amountText);

  function close() {
    if (adjust.isPending) return;
    setConfirming(false);
    setErrors({});
    onClose();
  }

  function review() {
    const next: typeof errors = {};
    if (amount === null || amount === 0) next.amount = t("amountInvalid");
    else if (balances[asset] + amount < 0) next.amount = t("amountBelowZero", { balance: formatAssetAmount(asset, balances[asset]) });
    if (reason.trim().length < 2) next.reason = t("reasonRequired");
    setErrors(next);
    if (Object.keys(next).length === 0) setConfirming(true);
  }

  async function submit() {
    if (amount === null || adjust.isPending) return;
    try {
      await adjust.mutateAsync({ adjustmentId, userId: user.id, asset, amount, reason: reason.trim() });
      toast.success(t("adjustedToast", { amount: formatAssetAmount(asset, amount, { sign: "always" }), asset: name(asset), name: user.displayName }));
      setAdjustmentId(crypto.randomUUID());
      setAmountText("");
      setReason("");
      setConfirming(false);
      onClose();
      await qc.invalidateQueries({ queryKey: trpc.admin.user.pathKey() });
    } catch (err) {
      setConfirming(false);
      setErrors({ form: readError(err, tt("networkError")).message });
    }
  }

  return (
    <Dialog
      open={open}
      onClose={close}
      title={confirming && amount !== null ? t("adjustConfirm", { amount: formatAssetAmount(asset, amount, { sign: "always" }), asset: name(asset), name: user.displayName, phone: user.phone }) : t("adjustTitle", { name: user.displayName })}
      actions={
        confirming ? (
          <>
            <Button variant="neutral" onClick={() => setConfirming(false)} disabled={adjust.isPending}>
              {t("back")}
            </Button>
            <Button onClick={submit} loading={adjust.isPending}>
              {t("confirmAdjust")}
            </Button>
          </>
        ) : (
          <>
            <Button variant="neutral" onClick={close}>
              {t("cancel")}
            </Button>
            <Button onClick={review}>{t("next")}</Button>
          </>
        )
      }
    >
      {confirming && amount !== null ? (
        <div className="flex flex-col gap-1.5" data-testid="adjust-summary">
          <p>{t("adjustBalances", { before: formatAssetAmount(asset, balances[asset]), after: formatAssetAmount(asset, balances[asset] + amount) })}</p>
          <p className="text-neutral-500">{t("adjustReasonShown", { reason: reason.trim() })}</p>
        </div>
      ) : (
        <div className="flex flex-col gap-3">
          {errors.form ? <p className="rounded-md bg-red-50 px-3 py-2 text-brand">{errors.form}</p> : null}
          <label className="flex flex-col gap-1">
            <span className="text-xs font-medium text-neutral-700">{t("asset")}</span>
            <select value={asset} onChange={(e) => setAsset(e.target.value as Asset)} className="h-9 rounded-md border border-neutral-300 bg-white px-2 text-sm text-neutral-900">
              {ASSET_ORDER.map((a) => (
                <option key={a} value={a}>
                  {name(a)} ({t("balanceNow", { balance: formatAssetAmount(a, balances[a]) })})
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1">
            <span className="text-xs font-medium text-neutral-700">{FEN_ASSETS.has(asset) ? t("amountYuan") : t("amountPoints")}</span>
            <input
              value={amountText}
              onChange={(e) => {
                setAmountText(e.target.value);
                setErrors((x) => ({ ...x, amount: undefined }));
              }}
              inputMode="decimal"
              placeholder={FEN_ASSETS.has(asset) ? "+10.00 / -5.00" : "+100 / -50"}
              aria-invalid={errors.amount ? true : undefined}
              className={`tabular h-9 rounded-md border px-2 text-sm text-neutral-900 outline-none ${errors.amount ? "border-brand" : "border-neutral-300 focus:border-neutral-500"}`}
            />
            {errors.amount ? <span className="text-xs text-brand">{errors.amount}</span> : <span className="text-xs text-neutral-400">{t("amountHint")}</span>}
          </label>
          <ReasonBox
            id="adjust-reason"
            label={t("adjustReasonLabel")}
            value={reason}
            onChange={(v) => {
              setReason(v);
              setErrors((x) => ({ ...x, reason: undefined }));
            }}
            error={errors.reason}
            placeholder={t("adjustReasonPlaceholder")}
          />
        </div>
      )}
    </Dialog>
  );
}
