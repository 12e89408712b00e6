"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";
import { createPortal } from "react-dom";
import { CloseIcon } from "./icons";

/** The sheets and dialogs open now, innermost last. */
const openLayers: symbol[] = [];

function useOverlay(open: boolean, onClose: () => void) {
  const panel = useRef<HTMLDivElement>(null);
  // The latest onClose, so a parent's re-render (a new function) does not reopen the layer on top.
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });
  useEffect(() => {
    if (!open) return;
    // Escape closes only the topmost open layer (a confirmation over a drawer leaves the drawer open).
    const layer = Symbol("layer");
    openLayers.push(layer);
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && openLayers.at(-1) === layer) close.current();
    };
    document.addEventListener("keydown", onKey);
    const previous = document.activeElement as HTMLElement | null;
    const overflow = document.body.style.overflow;
    document.body.style.overflow = "hidden";
    panel.current?.focus();
    return () => {
      document.removeEventListener("keydown", onKey);
      openLayers.splice(openLayers.indexOf(layer), 1);
      document.body.style.overflow = overflow;
      previous?.focus?.();
    };
  }, [open]);
  return panel;
}

type Side = "bottom" | "right";

/** A panel over the page: from the bottom on phones (sheet), from the right in the console (drawer). */
export function Sheet({ open, onClose, title, side = "bottom", children, footer, closeLabel, width = "max-w-xl" }: { open: boolean; onClose: () => void; title: ReactNode; side?: Side; children: ReactNode; footer?: ReactNode; closeLabel: string; width?: string }) {
  const panel = useOverlay(open, onClose);
  if (!open || typeof document === "undefined") return null;
  const position =
    side === "bottom"
      ? "inset-x-0 bottom-0 mx-auto max-h-[88dvh] w-full max-w-md rounded-t-2xl pb-[env(safe-area-inset-bottom)]"
      : `inset-y-0 right-0 h-full w-full ${width}`;
  return createPortal(
    <div className="fixed inset-0 z-50">
      <div className="absolute inset-0 bg-black/40" onClick={onClose} aria-hidden="true" />
      <div ref={panel} tabIndex={-1} role="dialog" aria-modal="true" aria-label={typeof title === "string" ? title : undefined} className={`absolute flex flex-col bg-white shadow-xl outline-none ${position}`}>
        <div className="flex items-center justify-between border-b border-neutral-100 px-4 py-2">
          <h2 className="text-base font-semibold">{title}</h2>
          <button type="button" onClick={onClose} className="-mr-2 flex size-11 items-center justify-center rounded-full text-neutral-500 hover:bg-neutral-100" aria-label={closeLabel}>
            <CloseIcon size={20} />
          </button>
        </div>
        <div className="min-h-0 flex-1 overflow-y-auto">{children}</div>
        {footer ? <div className="border-t border-neutral-100 p-4">{footer}</div> : null}
      </div>
    </div>,
    document.body,
  );
}

/** A centred confirmation: a question, what it does, and two answers. */
export function Dialog({ open, onClose, title, children, actions }: { open: boolean; onClose: () => void; title: ReactNode; children?: ReactNode; actions: ReactNode }) {
  const panel = useOverlay(open, onClose);
  const id = useId();
  if (!open || typeof document === "undefined") return null;
  return createPortal(
    <div className="fixed inset-0 z-50 flex items-center justify-center p-6">
      <div className="absolute inset-0 bg-black/40" onClick={onClose} aria-hidden="true" />
      <div
        ref={panel}
        tabIndex={-1}
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={children ? `${id}-body` : undefined}
        className="relative w-full max-w-sm rounded-2xl bg-white p-5 shadow-xl outline-none"
      >
        <h2 id={`${id}-title`} className="text-[17px] leading-snug font-semibold text-neutral-900">
          {title}
        </h2>
        {children ? (
          <div id={`${id}-body`} className="mt-2 text-sm leading-relaxed text-neutral-600">
            {children}
          </div>
        ) : null}
        <div className="mt-5 flex gap-3 [&>*]:flex-1">{actions}</div>
      </div>
    </div>,
    document.body,
  );
}
