import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireSession } from "@/components/auth/require-session";
import { formatFen } from "@/components/money/format-fen";
import { ProviderPay } from "@/components/pay/provider-pay";
import { paidReturnTo } from "@/components/pay/paid-return-to";
import { serverCaller } from "@/components/trpc/server";
import { ShieldIcon } from "@/components/ui/icons";
import { payUrlFor } from "@/server/payments/pay-url";

export async function generateMetadata() {
  const t = await getTranslations("pay");
  return { title: t("title") };
}

const REAL = ["alipay", "wechatpay"] as const;

/**
 * Our page for a payment with Alipay or WeChat Pay: it hands the shopper to the provider (or opens
 * WeChat's pay sheet) and, when they come back (`?returned=1`), waits for the provider's verified
 * confirmation before saying paid. The sandbox has its own cashier (/pay/sandbox/<order>).
 */
export default async function ProviderPayPage({ params, searchParams }: { params: Promise<{ provider: string; orderId: string }>; searchParams: Promise<{ returned?: string }> }) {
  const { provider, orderId } = await params;
  const chosen = REAL.find((p) => p === provider);
  if (!chosen || !/^[0-9a-f-]{36}$/i.test(orderId)) notFound();
  await requireSession(`/pay/${chosen}/${orderId}`);
  const t = await getTranslations("pay");
  const caller = await serverCaller();
  const order = await caller.wallet.topup({ id: orderId }).catch(() => null);
  if (!order) notFound();
  if (order.provider !== chosen) redirect(payUrlFor(order.provider, order.id));
  const returnTo = paidReturnTo(order);
  const name = t(`provider_${chosen}`);
  // Back from the provider: its notification has usually landed already; the client says so and goes on.
  const returned = (await searchParams).returned === "1";

  return (
    <div className="min-h-dvh bg-neutral-100 text-neutral-900">
      <header className="border-b border-neutral-200 bg-white">
        <div className="mx-auto flex h-14 max-w-md items-center px-4 text-[15px] font-semibold">{t("payWithTitle", { provider: name })}</div>
      </header>
      <main className="mx-auto max-w-md px-4 py-6">
        <div className="overflow-hidden rounded-xl bg-white shadow-sm">
          <div className="border-b border-dashed border-neutral-200 px-5 py-6 text-center">
            <p className="text-sm text-neutral-500">{order.storeOrderId ? t("productStoreOrder") : order.joinActivityId ? t("productJoin") : t("productTopup")}</p>
            <p className="tabular mt-3 text-4xl font-semibold tracking-tight" data-testid="pay-amount">
              {formatFen(order.amountFen)}
            </p>
          </div>
          <div className="p-5">
            {order.status === "paid" && !returned ? (
              <div className="text-center">
                <p className="rounded-lg bg-green-50 p-3 text-sm text-green-700">{t("alreadyPaid")}</p>
                <Link href={returnTo} className="mt-3 inline-block py-3 text-brand">
                  {t("backToShop")}
                </Link>
              </div>
            ) : (
              <ProviderPay orderId={order.id} provider={chosen} amountFen={order.amountFen} initialStatus={order.status} returnTo={returnTo} returned={returned} />
            )}
          </div>
        </div>
        <p className="mt-6 flex items-center justify-center gap-1.5 text-xs text-neutral-500">
          <ShieldIcon size={14} />
          {t("providerNote", { provider: name })}
        </p>
      </main>
    </div>
  );
}
