"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import type { HeldPaymentAction, ReviewCode, ReviewParams } from "@/db/schema";
import { newEntryId } from "../activities/new-entry-id";
import { readError } from "../errors/read-error";
import { translateOr } from "../i18n/dynamic-key";
import { formatFen } from "../money/format-fen";
import { formatMinorUnits } from "../money/format-minor-units";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { Dialog } from "../ui/sheet";
import { toast } from "../ui/toast";
import { reportedAmount } from "./held-payment-text";
import { ReasonBox } from "./reason-box";

const PURPOSES = ["topup", "store_order", "group_join"] as const;

export interface HeldPayment {
  id: string;
  displayName: string;
  phone: string;
  purpose: string;
  amountFen: number;
  reviewCode: ReviewCode | null;
  reviewParams: ReviewParams | null;
}

/**
 * Confirms one decision on a held payment: what it will do, in money, and a required reason. The
 * action id is made when the dialog opens, so a double click or a retry applies the decision once.
 */
export function HeldPaymentDialog({ payment, action, onClose }: { payment: HeldPayment; action: HeldPaymentAction; onClose: () => void }) {
  const t = useTranslations("admin.payments");
  const tt = useTranslations("admin.table");
  const locale = useLocale();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const resolve = useMutation(trpc.admin.resolveHeldPayment.mutationOptions());
  const [actionId] = useState(newEntryId);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string>();

  const reported = reportedAmount(payment);
  const amount = action === "credit" ? formatFen(payment.amountFen) : action === "refund" && reported ? formatMinorUnits(reported.amount, reported.currency, locale) : "";
  const user = `${payment.displayName} ${payment.phone}`;
  // What crediting does depends on what the payment was for; an unknown purpose is credited as a top-up.
  const purpose = PURPOSES.find((k) => k === payment.purpose) ?? "topup";

  async function confirm() {
    if (resolve.isPending) return;
    if (reason.trim().length < 2) return setError(t("reasonRequired"));
    setError(undefined);
    try {
      const r = await resolve.mutateAsync({ actionId, paymentOrderId: payment.id, action, reason: reason.trim() });
      toast.success(translateOr(t, `outcomes.${r.decision.outcome}`, r.decision.outcome));
      onClose();
    } catch (err) {
      setError(readError(err, tt("networkError")).message);
    } finally {
      // Whatever happened (applied, replayed, or resolved by someone else), show the list as it is now.
      await qc.invalidateQueries({ queryKey: trpc.admin.paymentsForReview.pathKey() });
    }
  }

  return (
    <Dialog
      open
      onClose={onClose}
      title={t(`confirm.${action}`, { amount })}
      actions={
        <>
          <Button variant="neutral" onClick={onClose}>
            {t("cancel")}
          </Button>
          <Button variant={action === "dismiss" ? "outline" : "primary"} onClick={confirm} loading={resolve.isPending} data-testid="held-confirm">
            {t(`actions.${action}`)}
          </Button>
        </>
      }
    >
      <div className="flex flex-col gap-3">
        <p data-testid="held-effect">
          {action === "credit" ? t(`effect.${purpose}`, { amount, user }) : action === "refund" ? t("effect.refund", { amount }) : t("effect.dismiss")}
        </p>
        <ReasonBox id={`held-reason-${payment.id}`} label={t("reasonLabel")} value={reason}
          onChange={(v) => {
            setReason(v);
            setError(undefined);
          }}
          error={error} placeholder={t("reasonPlaceholder")} />
      </div>
    </Dialog>
  );
}
