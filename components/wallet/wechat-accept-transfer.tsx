"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "../ui/button";
import { toast } from "../ui/toast";

interface WeixinJSBridge {
  invoke(method: "requestMerchantTransfer", params: { mchId: string; appId: string; package: string }, callback: (res: { err_msg?: string }) => void): void;
}

/**
 * A WeChat transfer waits for the shopper to accept it (WeChat Pay's WAIT_USER_CONFIRM): inside WeChat's
 * browser this opens WeChat's own "收款" page (`requestMerchantTransfer` with the bill's package); elsewhere
 * it says to open the shop in WeChat. Not accepted within 24 hours, WeChat cancels it and the money
 * comes back to the balance (the withdrawal says so).
 */
export function WechatAcceptTransfer({ ids, pkg, onDone }: { ids: { mchId: string; appId: string }; pkg: string; onDone: () => void }) {
  const t = useTranslations("wallet");
  const [busy, setBusy] = useState(false);
  const bridge = typeof window === "undefined" ? undefined : (window as unknown as { WeixinJSBridge?: WeixinJSBridge }).WeixinJSBridge;
  if (!bridge) return <p className="mt-1 text-xs text-amber-700">{t("wechatAcceptInWechat")}</p>;
  return (
    <Button
      className="mt-2"
      loading={busy}
      onClick={() => {
        setBusy(true);
        bridge.invoke("requestMerchantTransfer", { mchId: ids.mchId, appId: ids.appId, package: pkg }, (res) => {
          setBusy(false);
          if (res.err_msg === "requestMerchantTransfer:ok") {
            toast.success(t("wechatAccepted"));
            onDone();
          }
        });
      }}
    >
      {t("wechatAccept")}
    </Button>
  );
}
