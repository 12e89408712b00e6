import type { ReactNode } from "react";

/** The shopper app's column: phone width, centred on wider screens, grey page behind white cards. */
export function ShopFrame({ children, footer }: { children: ReactNode; footer?: ReactNode }) {
  return (
    <div className="mx-auto flex min-h-dvh max-w-md flex-col bg-neutral-100 pr-[env(safe-area-inset-right)] pl-[env(safe-area-inset-left)] md:shadow-[0_0_0_1px_rgba(0,0,0,0.04)]">
      <div className="flex-1">{children}</div>
      {footer}
    </div>
  );
}
