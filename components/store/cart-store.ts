"use client";

import { create } from "zustand";
import { persist } from "zustand/middleware";

export interface CartLine {
  productId: string;
  quantity: number;
}

interface CartState {
  lines: CartLine[];
  add(productId: string, quantity: number): void;
  setQuantity(productId: string, quantity: number): void;
  remove(productId: string): void;
  removeMany(productIds: string[]): void;
}

export const MAX_QTY = 99;
const clamp = (q: number) => Math.max(1, Math.min(MAX_QTY, Math.floor(q)));

/**
 * The cart lives in the browser (kept across reloads in localStorage): product ids and quantities
 * only. Prices, names and stock are always asked of the server (`store.quote`), and checkout
 * re-prices everything server-side.
 */
export const useCart = create<CartState>()(
  persist(
    (set) => ({
      lines: [],
      add: (productId, quantity) =>
        set((s) => {
          const found = s.lines.find((l) => l.productId === productId);
          if (found) return { lines: s.lines.map((l) => (l.productId === productId ? { ...l, quantity: clamp(l.quantity + quantity) } : l)) };
          return { lines: [...s.lines, { productId, quantity: clamp(quantity) }].slice(-20) };
        }),
      setQuantity: (productId, quantity) => set((s) => ({ lines: s.lines.map((l) => (l.productId === productId ? { ...l, quantity: clamp(quantity) } : l)) })),
      remove: (productId) => set((s) => ({ lines: s.lines.filter((l) => l.productId !== productId) })),
      removeMany: (ids) => set((s) => ({ lines: s.lines.filter((l) => !ids.includes(l.productId)) })),
    }),
    { name: "pinpin-cart", version: 1 },
  ),
);

/** Checkout lines encoded in the URL for 立即购买 (`id:qty,id:qty`), so the cart is left alone. */
export function encodeLines(lines: CartLine[]): string {
  return lines.map((l) => `${l.productId}:${l.quantity}`).join(",");
}

export function decodeLines(text: string | null): CartLine[] | null {
  if (!text) return null;
  const out: CartLine[] = [];
  for (const part of text.split(",").slice(0, 20)) {
    const [productId, q] = part.split(":");
    const quantity = Number(q);
    if (!productId || !/^[0-9a-f-]{36}$/i.test(productId) || !Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QTY) return null;
    out.push({ productId, quantity });
  }
  return out;
}
