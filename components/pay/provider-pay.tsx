"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState } from "react";
import type { PaymentProviderName } from "@/db/schema";
import type { JsapiPayParams } from "@/server/providers/wechatpay/jsapi-params";
import { readError } from "../errors/read-error";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { Spinner } from "../ui/spinner";
import { usePaymentStatus } from "./use-payment-status";

type Phase = "idle" | "starting" | "leaving" | "waiting" | "unconfirmed";

interface WeixinJSBridge {
  invoke(name: "getBrandWCPayRequest", params: JsapiPayParams, done: (res: { err_msg: string }) => void): void;
}
declare global {
  interface Window {
    WeixinJSBridge?: WeixinJSBridge;
  }
}

/** WeChat's browser injects its bridge a moment after the page loads. */
function whenBridgeReady(): Promise<WeixinJSBridge> {
  return new Promise((resolve) => {
    if (window.WeixinJSBridge) return resolve(window.WeixinJSBridge);
    document.addEventListener("WeixinJSBridgeReady", () => window.WeixinJSBridge && resolve(window.WeixinJSBridge), { once: true });
  });
}

const STARTED = (orderId: string) => `pinpin:pay-started:${orderId}`;
/** How long the page waits for the notification before it says so (the job and the query keep trying). */
const WAIT_MS = 90_000;

/**
 * Paying with Alipay or WeChat Pay: on the first visit the payment starts at once (the shopper chose
 * the provider a tap ago) and the browser goes to the provider (or WeChat's pay sheet opens inside
 * WeChat); back from it (`returned`), or after the pay sheet, we ask the provider once and wait for
 * the order to turn paid, which only its verified notification or order query can do.
 */
export function ProviderPay({ orderId, provider, amountFen, initialStatus, returnTo, returned }: { orderId: string; provider: PaymentProviderName; amountFen: number; initialStatus: string; returnTo: string; returned: boolean }) {
  const t = useTranslations("pay");
  const trpc = useTRPC();
  const start = useMutation(trpc.payments.start.mutationOptions());
  const refresh = useMutation(trpc.payments.refresh.mutationOptions());
  const [phase, setPhase] = useState<Phase>(initialStatus !== "pending" || returned ? "waiting" : "idle");
  const [error, setError] = useState<string | null>(null);
  const status = usePaymentStatus({ orderId, amountFen, initialStatus, returnTo, waiting: phase === "waiting" || phase === "unconfirmed" });
  const name = t(`provider_${provider}`);
  const asked = useRef(false);

  const check = useCallback(() => {
    setError(null);
    setPhase("waiting");
    // Refused (asked too often: PAYMENT_CHECK_TOO_SOON, or the provider unreachable): back to the buttons, saying why.
    refresh.mutate({ paymentOrderId: orderId }, { onError: (e) => (setPhase("unconfirmed"), setError(readError(e, t("payFailed")).message)) });
  }, [orderId, refresh, t]);

  const go = useCallback(async () => {
    setError(null);
    setPhase("starting");
    try {
      const next = await start.mutateAsync({ paymentOrderId: orderId });
      sessionStorage.setItem(STARTED(orderId), "1");
      if (next.kind === "jsapi") {
        const bridge = await whenBridgeReady();
        bridge.invoke("getBrandWCPayRequest", next.params, (res) => {
          if (res.err_msg === "get_brand_wcpay_request:ok") check();
          else {
            setPhase("idle");
            setError(res.err_msg === "get_brand_wcpay_request:cancel" ? t("payCancelled") : t("payFailed"));
          }
        });
        return;
      }
      setPhase("leaving");
      // The provider's page (or WeChat's sign-in first): a full navigation, it is another site.
      window.location.assign(next.url);
    } catch (e) {
      setPhase("idle");
      setError(readError(e, t("payFailed")).message);
    }
  }, [orderId, start, check, t]);

  // First visit: start at once. Back from the provider: ask it once (its notification may lag).
  useEffect(() => {
    if (asked.current || initialStatus !== "pending") return;
    asked.current = true;
    if (returned) refresh.mutate({ paymentOrderId: orderId });
    else if (!sessionStorage.getItem(STARTED(orderId))) void go();
  }, [initialStatus, returned, orderId, go, refresh]);

  useEffect(() => {
    if (phase !== "waiting" || status !== "pending") return;
    const timer = setTimeout(() => setPhase("unconfirmed"), WAIT_MS);
    return () => clearTimeout(timer);
  }, [phase, status]);

  if (status === "review") return <p className="rounded-lg bg-amber-50 p-3 text-sm text-amber-800">{t("statusReview")}</p>;
  if (status === "refunded") return <p className="rounded-lg bg-neutral-100 p-3 text-sm text-neutral-700">{t("statusRefunded")}</p>;
  if (status === "dismissed") return <p className="rounded-lg bg-neutral-100 p-3 text-sm text-neutral-700">{t("statusDismissed")}</p>;
  if (status === "failed") return <p className="rounded-lg bg-neutral-100 p-3 text-sm text-neutral-700">{t("statusFailed")}</p>;
  if (phase === "waiting" || phase === "leaving" || phase === "starting") {
    const label = status === "paid" ? t("paidRedirecting") : phase === "waiting" ? t("waitingFor", { provider: name }) : t("redirecting", { provider: name });
    return (
      <div className="flex min-h-12 items-center justify-center rounded-lg bg-brand/5 px-3 text-brand" data-testid="provider-pay-status">
        <Spinner label={label} />
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-3">
      {phase === "unconfirmed" ? (
        <p className="rounded-lg bg-amber-50 p-3 text-sm text-amber-800" data-testid="provider-pay-unconfirmed">
          {t("notConfirmed", { provider: name })}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-brand">
          {error}
        </p>
      ) : null}
      <Button size="lg" onClick={() => void go()} data-testid="provider-pay-go">
        {t("goPay", { provider: name })}
      </Button>
      <Button size="lg" variant="neutral" onClick={check} loading={refresh.isPending}>
        {t("checkPaid")}
      </Button>
    </div>
  );
}
