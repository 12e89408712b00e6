"use client";

import { useEffect } from "react";
import { create } from "zustand";
import { AlertIcon, CheckCircleIcon } from "./icons";

type Tone = "success" | "error" | "info";
interface ToastItem {
  id: number;
  tone: Tone;
  message: string;
}

interface ToastState {
  items: ToastItem[];
  push(tone: Tone, message: string): void;
  dismiss(id: number): void;
}

let nextId = 1;

/** Lives in the browser for the whole session, so a toast pushed before a client navigation shows after it. */
const useToasts = create<ToastState>((set) => ({
  items: [],
  // The same message twice (a double tap, a retried save) shows once.
  push: (tone, message) => set((s) => (s.items.some((t) => t.tone === tone && t.message === message) ? s : { items: [...s.items.slice(-2), { id: nextId++, tone, message }] })),
  dismiss: (id) => set((s) => ({ items: s.items.filter((t) => t.id !== id) })),
}));

export const toast = {
  success: (message: string) => useToasts.getState().push("success", message),
  error: (message: string) => useToasts.getState().push("error", message),
  info: (message: string) => useToasts.getState().push("info", message),
};

function ToastView({ item }: { item: ToastItem }) {
  const dismiss = useToasts((s) => s.dismiss);
  useEffect(() => {
    const timer = setTimeout(() => dismiss(item.id), item.tone === "error" ? 5000 : 3200);
    return () => clearTimeout(timer);
  }, [item, dismiss]);
  return (
    <div role={item.tone === "error" ? "alert" : "status"} className="pointer-events-auto flex max-w-[90vw] items-center gap-2 rounded-xl bg-neutral-900/90 px-4 py-3 text-sm text-white shadow-lg backdrop-blur">
      {item.tone === "success" ? <CheckCircleIcon size={18} className="shrink-0 text-green-400" /> : item.tone === "error" ? <AlertIcon size={18} className="shrink-0 text-red-300" /> : null}
      <span>{item.message}</span>
    </div>
  );
}

export function Toaster() {
  const items = useToasts((s) => s.items);
  return (
    <div aria-live="polite" className="pointer-events-none fixed inset-x-0 top-[calc(env(safe-area-inset-top)+3.5rem)] z-[60] flex flex-col items-center gap-2 px-4">
      {items.map((t) => (
        <ToastView key={t.id} item={t} />
      ))}
    </div>
  );
}
