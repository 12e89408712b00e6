"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { FilterTabs } from "./filter-tabs";
import { PAYMENT_TABS, type PaymentTab } from "./payment-tabs";
import { HeldPaymentsTable } from "./held-payments-table";
import { PaymentsList } from "./payments-list";
import { ProviderRefundsList } from "./provider-refunds-list";
import { Panel } from "./table";


/**
 * The console's payments: held payments to review (and those resolved), every payment by provider and
 * status, and the refunds sent back through the providers. `?tab=refunds&order=<id>` opens one order's refunds.
 */
export function PaymentsView({ canResolve, initialTab = "open", orderId }: { canResolve: boolean; initialTab?: PaymentTab; orderId?: string }) {
  const t = useTranslations("admin.payments");
  const [tab, setTab] = useState<PaymentTab>(initialTab);
  const [order, setOrder] = useState(orderId);
  return (
    <Panel>
      <div className="border-b border-neutral-100 px-4 pt-3">
        <FilterTabs label={t("title")} options={PAYMENT_TABS} value={tab} onChange={setTab} renderLabel={(v) => t(`tabs.${v}`)} />
      </div>
      {tab === "open" || tab === "resolved" ? <HeldPaymentsTable canResolve={canResolve} resolved={tab === "resolved"} /> : null}
      {tab === "all" ? <PaymentsList /> : null}
      {tab === "refunds" ? <ProviderRefundsList canAsk={canResolve} orderId={order} onClearOrder={() => setOrder(undefined)} /> : null}
    </Panel>
  );
}
