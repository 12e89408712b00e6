"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { newEntryId } from "../activities/new-entry-id";
import { useAssetLabel } from "../activities/use-asset-label";
import { readError } from "../errors/read-error";
import { formatPoints } from "../money/format-fen";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { EmptyState } from "../ui/empty-state";
import { GiftIcon } from "../ui/icons";
import { FormError } from "../ui/input";
import { Sheet } from "../ui/sheet";
import { Spinner } from "../ui/spinner";
import { toast } from "../ui/toast";
import { AddressPicker } from "./address-picker";
import { ProductImage } from "./product-image";
import { QuantityStepper } from "./quantity-stepper";

interface Item {
  id: string;
  asset: "mallPoints" | "divPoints";
  pricePoints: number;
  stock: number;
  name: string;
  images: string[];
}

/** 积分商城: my points; items in mall points always, in dividend points on days 1–5 (server's calendar). */
export function MallView({ signedIn }: { signedIn: boolean }) {
  const t = useTranslations("shop");
  const format = useFormatter();
  const trpc = useTRPC();
  const label = useAssetLabel(signedIn);
  const mall = useQuery(trpc.store.mall.queryOptions());
  const wallet = useQuery({ ...trpc.store.wallet.queryOptions(), enabled: signedIn });
  const [picked, setPicked] = useState<Item | null>(null);

  if (mall.isPending) return <Spinner className="mx-auto my-10 text-neutral-400" />;
  if (mall.isError) return <p className="p-6 text-center text-sm text-neutral-500">{mall.error.message}</p>;
  const { items, divPointsOpen, nextPhaseAt } = mall.data;
  const balanceOf = (a: Item["asset"]) => (a === "mallPoints" ? wallet.data?.mallPoints : wallet.data?.divPoints);
  return (
    <div className="flex flex-col gap-3 p-4">
      {signedIn ? (
        <section className="grid grid-cols-2 gap-3">
          {(["mallPoints", "divPoints"] as const).map((a) => (
            <div key={a} className="rounded-2xl bg-white p-3">
              <p className="text-xs text-neutral-500">{t("myPoints", { name: label(a) })}</p>
              <p className="tabular mt-1 text-xl font-semibold" data-testid={`points-${a}`}>
                {formatPoints((a === "mallPoints" ? wallet.data?.mallPoints : wallet.data?.divPoints) ?? 0)}
              </p>
            </div>
          ))}
        </section>
      ) : null}
      <p className={`rounded-xl px-3 py-2 text-xs ${divPointsOpen ? "bg-emerald-50 text-emerald-800" : "bg-amber-50 text-amber-800"}`} data-testid="div-window">
        {divPointsOpen ? t("divOpen", { name: label("divPoints") }) : t("divClosed", { name: label("divPoints"), date: format.dateTime(nextPhaseAt, { month: "long", day: "numeric" }) })}
      </p>
      {items.length === 0 ? (
        <EmptyState icon={<GiftIcon size={28} />} title={t("noMallItems")} />
      ) : (
        <ul className="grid grid-cols-2 gap-3">
          {items.map((i) => {
            const closed = i.asset === "divPoints" && !divPointsOpen;
            const shortBy = signedIn ? shortfall(balanceOf(i.asset), i.pricePoints) : 0;
            return (
              <li key={i.id} className="overflow-hidden rounded-2xl bg-white" data-testid="mall-item">
                <ProductImage images={i.images} alt={i.name} className="aspect-square w-full" />
                <div className="p-2.5">
                  <p className="line-clamp-2 min-h-10 text-sm leading-5">{i.name}</p>
                  <p className="tabular mt-1 text-sm font-semibold text-amber-600">{t("pointsUnit", { points: formatPoints(i.pricePoints), asset: label(i.asset) })}</p>
                  {/* Short of points: said before the button, which stays off (the sheet would only refuse). */}
                  {shortBy > 0 && i.stock > 0 && !closed ? (
                    <p id={`short-${i.id}`} className="tabular mt-1 text-xs text-brand" data-testid="points-short">
                      {t("pointsShortCard", { points: formatPoints(shortBy), asset: label(i.asset) })}
                    </p>
                  ) : null}
                  <Button className="mt-2 w-full rounded-full" disabled={!signedIn || closed || i.stock <= 0 || shortBy > 0} aria-describedby={shortBy > 0 ? `short-${i.id}` : undefined} onClick={() => setPicked(i)}>
                    {i.stock <= 0 ? t("soldOut") : shortBy > 0 && !closed ? t("pointsNotEnough") : t("redeem")}
                  </Button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {picked ? <RedeemSheet item={picked} assetName={label(picked.asset)} balance={balanceOf(picked.asset)} onClose={() => setPicked(null)} /> : null}
    </div>
  );
}

/** Points missing for `cost` (0 when enough, or while the balance is unknown: the server decides). */
function shortfall(balance: number | undefined, cost: number): number {
  return balance === undefined ? 0 : Math.max(0, cost - balance);
}

function RedeemSheet({ item, assetName, balance, onClose }: { item: Item; assetName: string; balance: number | undefined; onClose: () => void }) {
  const t = useTranslations("shop");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const redeem = useMutation(trpc.store.redeem.mutationOptions());
  const [orderId] = useState(newEntryId);
  const [qty, setQty] = useState(1);
  const [addressId, setAddressId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const shortBy = shortfall(balance, item.pricePoints * qty);
  async function submit() {
    if (!addressId || shortBy > 0) return;
    setError(null);
    try {
      const r = await redeem.mutateAsync({ orderId, mallItemId: item.id, quantity: qty, addressId });
      toast.success(t("redeemed"));
      await qc.invalidateQueries({ queryKey: trpc.store.pathKey() });
      router.push(`/orders/${r.id}`);
    } catch (err) {
      setError(readError(err, t("networkError")).message);
    }
  }
  return (
    <Sheet open onClose={onClose} title={t("redeemTitle", { name: item.name })} closeLabel={t("close")}>
      <div className="flex flex-col gap-3 p-4">
        <AddressPicker value={addressId} onChange={setAddressId} />
        <div className="flex items-center justify-between">
          <span className="text-sm text-neutral-600">{t("quantity")}</span>
          <QuantityStepper value={qty} onChange={setQty} max={item.stock} />
        </div>
        <p className="tabular text-right text-sm">{t("redeemCost", { points: formatPoints(item.pricePoints * qty), asset: assetName })}</p>
        {shortBy > 0 ? (
          <p id="redeem-short" className="tabular rounded-lg bg-brand/5 px-3 py-2.5 text-sm text-brand" data-testid="redeem-short">
            {t("pointsShort", { asset: assetName, points: formatPoints(shortBy) })}
          </p>
        ) : null}
        <FormError>{error}</FormError>
        <Button size="lg" onClick={submit} loading={redeem.isPending} disabled={!addressId || shortBy > 0} aria-describedby={shortBy > 0 ? "redeem-short" : undefined}>
          {t("redeemConfirm")}
        </Button>
      </div>
    </Sheet>
  );
}
