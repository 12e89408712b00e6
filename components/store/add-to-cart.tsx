"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "../ui/button";
import { toast } from "../ui/toast";
import { encodeLines, useCart } from "./cart-store";
import { QuantityStepper } from "./quantity-stepper";

/** The product page's bottom bar: quantity, 加入购物车, 立即购买 (checks out this line alone). */
export function AddToCart({ productId, stock }: { productId: string; stock: number }) {
  const t = useTranslations("shop");
  const router = useRouter();
  const add = useCart((s) => s.add);
  const [qty, setQty] = useState(1);
  const soldOut = stock <= 0;
  return (
    <div className="fixed inset-x-0 bottom-0 z-30 border-t border-neutral-200 bg-white pb-[env(safe-area-inset-bottom)]">
      <div className="mx-auto flex max-w-md items-center gap-2 px-4 py-2">
        <QuantityStepper value={qty} onChange={setQty} max={Math.max(1, stock)} />
        <Button
          variant="outline"
          className="flex-1 rounded-full"
          disabled={soldOut}
          onClick={() => {
            add(productId, qty);
            toast.success(t("addedToCart"));
          }}
        >
          {t("addToCart")}
        </Button>
        <Button className="flex-1 rounded-full" disabled={soldOut} onClick={() => router.push(`/checkout?buy=${encodeLines([{ productId, quantity: qty }])}`)}>
          {soldOut ? t("soldOut") : t("buyNow")}
        </Button>
      </div>
    </div>
  );
}
