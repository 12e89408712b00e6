"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter, useSearchParams } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useMemo, useRef, useState } from "react";
import { newEntryId } from "../activities/new-entry-id";
import { useAssetLabel } from "../activities/use-asset-label";
import { readError } from "../errors/read-error";
import { formatFen } from "../money/format-fen";
import { fenToYuanInput, parseYuanToFen } from "../money/parse-yuan";
import { useTRPC } from "../trpc/react";
import { Button, ButtonLink } from "../ui/button";
import { EmptyState } from "../ui/empty-state";
import { StoreIcon } from "../ui/icons";
import { FormError } from "../ui/input";
import { Spinner } from "../ui/spinner";
import { toast } from "../ui/toast";
import { ProviderPicker, usePaymentProviders } from "../pay/provider-picker";
import { AddressPicker } from "./address-picker";
import { decodeLines, useCart } from "./cart-store";
import { ProductImage } from "./product-image";

/**
 * Checkout: lines from the cart (or from 立即购买 in the URL), re-priced by the server; an address;
 * how much voucher to use (any part of the balance, up to the total); cash or the gateway. The
 * order id is made once per visit, so a double tap or a retry places one order.
 */
export function CheckoutView() {
  const t = useTranslations("shop");
  const locale = useLocale();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const params = useSearchParams();
  const buyNow = useMemo(() => decodeLines(params.get("buy")), [params]);
  const cart = useCart();
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const lines = buyNow ?? cart.lines;

  const quote = useQuery({ ...trpc.store.quote.queryOptions({ lines }), enabled: mounted && lines.length > 0 });
  const wallet = useQuery(trpc.store.wallet.queryOptions());
  const assetLabel = useAssetLabel(true);
  const voucherName = assetLabel("voucher");
  const cashName = assetLabel("cash");
  const place = useMutation(trpc.store.checkout.mutationOptions());
  const [orderId] = useState(newEntryId);
  const [addressId, setAddressId] = useState<string | null>(null);
  const [voucherText, setVoucherText] = useState<string | null>(null);
  const [payWith, setPayWith] = useState<"cash" | "gateway">("cash");
  const providers = usePaymentProviders();
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(false);

  const totalFen = quote.data?.totalFen ?? 0;
  const voucherBalance = wallet.data?.voucherFen ?? 0;
  const maxVoucher = Math.min(voucherBalance, totalFen);
  // By default use as much voucher as the order allows; the shopper can lower it.
  const voucherFen = voucherText === null ? maxVoucher : parseYuanToFen(voucherText);
  const voucherValid = voucherFen !== null && voucherFen >= 0 && voucherFen <= maxVoucher;
  const payFen = totalFen - (voucherValid ? voucherFen : 0);
  const blocked = !quote.data || quote.data.items.some((i) => !i.available);

  async function submit() {
    if (inFlight.current || !voucherValid || !addressId) return;
    inFlight.current = true;
    setError(null);
    try {
      const viaGateway = payFen > 0 && payWith === "gateway";
      const order = await place.mutateAsync({ orderId, lines, addressId, voucherFen: voucherFen ?? 0, payWith: viaGateway ? "gateway" : "cash", ...(viaGateway && providers.chosen ? { provider: providers.chosen } : {}) });
      if (!buyNow) cart.removeMany(lines.map((l) => l.productId));
      await qc.invalidateQueries({ queryKey: trpc.store.pathKey() });
      if (order.payUrl) router.push(order.payUrl);
      else {
        toast.success(t("orderPlaced"));
        router.push(`/orders/${order.id}`);
      }
    } catch (err) {
      setError(readError(err, t("networkError")).message);
      inFlight.current = false;
    }
  }

  if (!mounted || (lines.length > 0 && quote.isPending)) return <Spinner className="mx-auto my-10 text-neutral-400" />;
  if (lines.length === 0) return <EmptyState icon={<StoreIcon size={28} />} title={t("cartEmpty")} action={<ButtonLink href="/store">{t("goShopping")}</ButtonLink>} />;

  return (
    <>
      <div className="flex flex-col gap-3 p-4 pb-32">
        <AddressPicker value={addressId} onChange={setAddressId} />

        <section className="rounded-2xl bg-white p-4">
          <h2 className="text-[15px] font-semibold">{t("items")}</h2>
          <ul className="mt-2 flex flex-col gap-3">
            {quote.data?.items.map((i) => (
              <li key={i.productId} className="flex gap-3">
                <ProductImage images={i.imageUrl ? [i.imageUrl] : []} alt={i.name ?? ""} className="size-16 shrink-0 rounded-lg" />
                <div className="min-w-0 flex-1">
                  <p className="line-clamp-2 text-sm">{i.name}</p>
                  {!i.available ? <p className="text-xs text-brand">{t("unavailable")}</p> : null}
                </div>
                <div className="text-right">
                  <p className="tabular text-sm font-medium">{formatFen(i.priceFen)}</p>
                  <p className="tabular text-xs text-neutral-500">×{i.quantity}</p>
                </div>
              </li>
            ))}
          </ul>
        </section>

        <section className="flex flex-col gap-3 rounded-2xl bg-white p-4 text-sm">
          <div className="flex justify-between">
            <span className="text-neutral-600">{t("itemsTotal")}</span>
            <span className="tabular">{formatFen(totalFen)}</span>
          </div>
          <div>
            <div className="flex items-center justify-between gap-2">
              <label htmlFor="voucher" className="text-neutral-600">
                {t("voucher", { name: voucherName })} <span className="text-xs text-neutral-400">{t("voucherBalance", { amount: formatFen(voucherBalance) })}</span>
              </label>
              <span className="flex items-center gap-1">
                <span className="text-neutral-500">-¥</span>
                <input
                  id="voucher"
                  inputMode="decimal"
                  value={voucherText ?? fenToYuanInput(maxVoucher)}
                  onChange={(e) => setVoucherText(e.target.value)}
                  disabled={maxVoucher === 0}
                  aria-invalid={!voucherValid || undefined}
                  className="tabular h-11 w-24 rounded-lg border border-neutral-300 px-2 text-right outline-none focus:border-neutral-500 disabled:bg-neutral-50 disabled:text-neutral-400"
                  data-testid="voucher-input"
                />
              </span>
            </div>
            {!voucherValid ? (
              <p role="alert" className="mt-1 text-right text-xs text-brand">
                {t("voucherInvalid", { max: fenToYuanInput(maxVoucher) })}
              </p>
            ) : null}
          </div>
          <fieldset className="flex flex-col gap-2">
            <legend className="mb-2 text-neutral-600">{t("payWith")}</legend>
            {(["cash", "gateway"] as const).map((m) => (
              <label key={m} data-testid={`pay-with-${m}`} className={`flex min-h-12 items-center gap-3 rounded-xl border px-3 ${payWith === m ? "border-brand bg-brand/5" : "border-neutral-200"}`}>
                <input type="radio" name="payWith" value={m} checked={payWith === m} onChange={() => setPayWith(m)} className="size-4 accent-brand" />
                <span className="flex-1">{m === "cash" ? t("payCash", { name: cashName }) : t("payGateway")}</span>
                <span className="tabular text-xs text-neutral-500">{m === "cash" ? t("payCashBalance", { amount: formatFen(wallet.data?.cashFen ?? 0) }) : t("payGatewayBody")}</span>
              </label>
            ))}
            {payWith === "gateway" ? <ProviderPicker nested providers={providers.providers} chosen={providers.chosen} onChoose={providers.choose} /> : null}
          </fieldset>
          <p className="text-xs text-amber-700">{t("pointsEarn", { points: Math.floor(payFen / 100) })}</p>
        </section>
        <FormError>{error}</FormError>
      </div>
      <div className="fixed inset-x-0 bottom-0 z-30 border-t border-neutral-200 bg-white pb-[env(safe-area-inset-bottom)]">
        <div className="mx-auto flex max-w-md items-center gap-3 px-4 py-2">
          <span className="flex-1 text-sm text-neutral-600">
            {t("toPay")} <span className="tabular text-lg font-semibold text-brand" data-testid="pay-total">{formatFen(payFen)}</span>
          </span>
          <Button className="rounded-full px-6" onClick={submit} loading={place.isPending} disabled={blocked || !voucherValid || !addressId} data-testid="place-order" lang={locale}>
            {t("submit")}
          </Button>
        </div>
      </div>
    </>
  );
}
