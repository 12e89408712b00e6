"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { formatFen } from "../money/format-fen";
import { useTRPC } from "../trpc/react";
import { Button, ButtonLink } from "../ui/button";
import { EmptyState } from "../ui/empty-state";
import { StoreIcon } from "../ui/icons";
import { Spinner } from "../ui/spinner";
import { useCart } from "./cart-store";
import { ProductImage } from "./product-image";
import { QuantityStepper } from "./quantity-stepper";

/** The cart: lines from the browser, names/prices/stock from the server; unavailable lines are marked. */
export function CartView() {
  const t = useTranslations("shop");
  const trpc = useTRPC();
  const router = useRouter();
  const { lines, setQuantity, remove } = useCart();
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const quote = useQuery({ ...trpc.store.quote.queryOptions({ lines }), enabled: mounted && lines.length > 0, placeholderData: (p) => p });

  if (!mounted) return <Spinner className="mx-auto my-10 text-neutral-400" />;
  if (lines.length === 0) {
    return <EmptyState icon={<StoreIcon size={28} />} title={t("cartEmpty")} description={t("cartEmptyBody")} action={<ButtonLink href="/store">{t("goShopping")}</ButtonLink>} />;
  }
  const items = quote.data?.items ?? [];
  const blocked = items.some((i) => !i.available);
  const count = lines.reduce((n, l) => n + l.quantity, 0);
  return (
    <>
      {/* Busy until the server has priced the lines (names, photos, prices come from it). */}
      <ul className="flex flex-col gap-2 p-4 pb-28" aria-busy={quote.isPending || undefined}>
        {lines.map((l) => {
          const q = items.find((i) => i.productId === l.productId);
          return (
            <li key={l.productId} className="flex gap-3 rounded-2xl bg-white p-3" data-testid="cart-line">
              <Link href={`/store/products/${l.productId}`} className="shrink-0">
                <ProductImage images={q?.imageUrl ? [q.imageUrl] : []} alt={q?.name ?? ""} className="size-20 rounded-xl" />
              </Link>
              <div className="flex min-w-0 flex-1 flex-col">
                <p className="line-clamp-2 text-sm text-neutral-900">{q?.name ?? "…"}</p>
                {q && !q.available ? <p className="mt-0.5 text-xs text-brand">{t("unavailable")}</p> : null}
                <div className="mt-auto flex items-center justify-between gap-2 pt-2">
                  <span className="tabular font-semibold text-brand">{q ? formatFen(q.priceFen) : ""}</span>
                  <QuantityStepper value={l.quantity} onChange={(n) => setQuantity(l.productId, n)} max={q?.stock ?? 99} />
                </div>
              </div>
              {/* A 44 px tap target in the card's corner (the word itself stays small). */}
              <button type="button" onClick={() => remove(l.productId)} className="-mt-3 -mr-3 flex min-h-11 min-w-11 items-center justify-center self-start px-2 text-xs text-neutral-400">
                {t("remove")}
              </button>
            </li>
          );
        })}
      </ul>
      <div className="fixed inset-x-0 bottom-0 z-30 border-t border-neutral-200 bg-white pb-[env(safe-area-inset-bottom)]">
        <div className="mx-auto flex max-w-md items-center gap-3 px-4 py-2">
          <span className="flex-1 text-sm text-neutral-600">
            {t("total")} <span className="tabular text-lg font-semibold text-brand" data-testid="cart-total">{formatFen(quote.data?.totalFen ?? 0)}</span>
          </span>
          <Button className="rounded-full px-6" disabled={blocked || !quote.data} onClick={() => router.push("/checkout")}>
            {t("checkoutCount", { count })}
          </Button>
        </div>
        {blocked ? <p className="pb-2 text-center text-xs text-brand">{t("cartChanged")}</p> : null}
      </div>
    </>
  );
}
