"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { useCart } from "./cart-store";

function CartGlyph() {
  return (
    <svg width={22} height={22} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <circle cx="9" cy="20" r="1.4" />
      <circle cx="18" cy="20" r="1.4" />
      <path d="M2.5 3.5h2.6l2.4 11.2a1.5 1.5 0 0 0 1.5 1.2h8.7a1.5 1.5 0 0 0 1.5-1.1l1.8-7.3H6.2" />
    </svg>
  );
}

/** The header's cart button with the number of items (read after mount: the cart is in localStorage). */
export function CartLink() {
  const t = useTranslations("shop");
  const count = useCart((s) => s.lines.reduce((n, l) => n + l.quantity, 0));
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const shown = mounted ? count : 0;
  return (
    <Link href="/cart" aria-label={t("cartCount", { count: shown })} className="relative flex size-11 items-center justify-center text-neutral-800" data-testid="cart-link">
      <CartGlyph />
      {shown > 0 ? (
        <span className="tabular absolute top-1 right-0.5 flex h-4 min-w-4 items-center justify-center rounded-full bg-brand px-1 text-[10px] font-medium text-white ring-2 ring-white" data-testid="cart-count">
          {shown > 99 ? "99+" : shown}
        </span>
      ) : null}
    </Link>
  );
}
