"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Spinner } from "../ui/spinner";
import { usePaymentStatus } from "./use-payment-status";

type Phase = "idle" | "paying" | "waiting" | "error";

/**
 * The cashier's pay button. The gateway captures and notifies our webhook; the order turns paid
 * only when that signed notification is applied, so we poll the order rather than trust the click.
 */
export function SandboxPay({ orderId, amountFen, initialStatus, returnTo = "/wallet" }: { orderId: string; amountFen: number; initialStatus: string; returnTo?: string }) {
  const t = useTranslations("pay");
  const [phase, setPhase] = useState<Phase>(initialStatus === "pending" ? "idle" : "waiting");
  const [error, setError] = useState<string | null>(null);
  const status = usePaymentStatus({ orderId, amountFen, initialStatus, returnTo, waiting: phase === "waiting" });

  async function pay() {
    setPhase("paying");
    setError(null);
    try {
      const res = await fetch(`/api/sandbox-gateway/${orderId}/pay`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      if (!res.ok) throw new Error(String(res.status));
      setPhase("waiting");
    } catch {
      setPhase("error");
      setError(t("payFailed"));
    }
  }

  if (status === "review") return <p className="rounded-lg bg-amber-50 p-3 text-sm text-amber-800">{t("statusReview")}</p>;
  if (status === "refunded") return <p className="rounded-lg bg-neutral-100 p-3 text-sm text-neutral-700">{t("statusRefunded")}</p>;
  if (status === "dismissed") return <p className="rounded-lg bg-neutral-100 p-3 text-sm text-neutral-700">{t("statusDismissed")}</p>;
  if (status === "failed") return <p className="rounded-lg bg-neutral-100 p-3 text-sm text-neutral-700">{t("statusFailed")}</p>;
  if (phase === "waiting") {
    return (
      <div className="flex min-h-12 items-center justify-center rounded-lg bg-[#1677ff]/10 text-[#1677ff]">
        <Spinner label={status === "paid" ? t("paidRedirecting") : t("waiting")} />
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-2">
      {error ? (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      ) : null}
      <button
        type="button"
        onClick={pay}
        disabled={phase === "paying"}
        className="flex min-h-12 w-full items-center justify-center gap-2 rounded-lg bg-[#1677ff] text-base font-medium text-white hover:bg-[#0f62d6] disabled:opacity-60"
      >
        {phase === "paying" ? <Spinner /> : null}
        {t("confirmPay")}
      </button>
    </div>
  );
}
