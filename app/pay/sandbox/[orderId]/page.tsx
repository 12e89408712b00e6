import Link from "next/link";
import { redirect } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { requireSession } from "@/components/auth/require-session";
import { formatFen } from "@/components/money/format-fen";
import { SandboxPay } from "@/components/pay/sandbox-pay";
import { paidReturnTo } from "@/components/pay/paid-return-to";
import { serverCaller } from "@/components/trpc/server";
import { ShieldIcon } from "@/components/ui/icons";
import { payUrlFor } from "@/server/payments/pay-url";

export async function generateMetadata() {
  const t = await getTranslations("pay");
  return { title: t("title") };
}

/**
 * The sandbox gateway's hosted cashier. Deliberately not in the shop's style: in production this is
 * someone else's page, and shoppers should see that they have left the shop to pay.
 */
export default async function SandboxCashierPage({ params }: { params: Promise<{ orderId: string }> }) {
  const { orderId } = await params;
  await requireSession(`/pay/sandbox/${orderId}`);
  const t = await getTranslations("pay");
  const format = await getFormatter();
  const caller = await serverCaller();
  const order = /^[0-9a-f-]{36}$/i.test(orderId) ? await caller.wallet.topup({ id: orderId }).catch(() => null) : null;
  // Opened with another provider (an old link): that provider's page.
  if (order && order.provider !== "sandbox") redirect(payUrlFor(order.provider, order.id));

  return (
    <div className="min-h-dvh bg-[#f2f4f7] text-[#1f2329]">
      <header className="border-b border-[#e4e7ec] bg-white">
        <div className="mx-auto flex h-14 max-w-md items-center justify-between px-4">
          <span className="flex items-center gap-2 text-[15px] font-semibold">
            <span aria-hidden="true" className="flex size-7 items-center justify-center rounded-md bg-[#1677ff] text-sm font-bold text-white">
              S
            </span>
            {t("gatewayName")}
          </span>
          <span className="rounded-md border border-amber-300 bg-amber-50 px-2 py-1 text-xs font-medium text-amber-800" data-testid="sandbox-badge">
            {t("sandboxBadge")}
          </span>
        </div>
      </header>
      <main className="mx-auto max-w-md px-4 py-6">
        {!order ? (
          <div className="rounded-xl bg-white p-6 text-center">
            <p className="font-medium">{t("notFound")}</p>
            <Link href="/wallet" className="mt-4 inline-block py-3 text-[#1677ff]">
              {t("backToShop")}
            </Link>
          </div>
        ) : (
          <div className="overflow-hidden rounded-xl bg-white shadow-sm">
            <div className="border-b border-dashed border-[#e4e7ec] px-5 py-6 text-center">
              <p className="text-sm text-[#646a73]">{t("merchant")}</p>
              <p className="mt-1 text-base font-medium">{t("merchantName")}</p>
              <p className="tabular mt-4 text-4xl font-semibold tracking-tight" data-testid="pay-amount">
                {formatFen(order.amountFen)}
              </p>
            </div>
            <dl className="space-y-2 px-5 py-4 text-sm">
              <div className="flex justify-between gap-4">
                <dt className="shrink-0 whitespace-nowrap text-[#646a73]">{t("product")}</dt>
                <dd>{order.storeOrderId ? t("productStoreOrder") : order.joinActivityId ? t("productJoin") : t("productTopup")}</dd>
              </div>
              <div className="flex justify-between gap-4">
                <dt className="shrink-0 whitespace-nowrap text-[#646a73]">{t("orderNo")}</dt>
                <dd className="truncate font-mono text-xs leading-5">{order.id}</dd>
              </div>
              <div className="flex justify-between gap-4">
                <dt className="shrink-0 whitespace-nowrap text-[#646a73]">{t("createdAt")}</dt>
                <dd className="tabular">{format.dateTime(order.createdAt, { dateStyle: "medium", timeStyle: "short" })}</dd>
              </div>
            </dl>
            <div className="px-5 pb-5">
              {order.status === "paid" ? (
                <div className="text-center">
                  <p className="rounded-lg bg-green-50 p-3 text-sm text-green-700">{t("alreadyPaid")}</p>
                  <Link href={paidReturnTo(order)} className="mt-3 inline-block py-3 text-[#1677ff]">
                    {t("backToShop")}
                  </Link>
                </div>
              ) : (
                <SandboxPay orderId={order.id} amountFen={order.amountFen} initialStatus={order.status} returnTo={paidReturnTo(order)} />
              )}
            </div>
          </div>
        )}
        <p className="mt-6 flex items-center justify-center gap-1.5 text-xs text-[#8f959e]">
          <ShieldIcon size={14} />
          {t("sandboxNote")}
        </p>
      </main>
    </div>
  );
}
