import type { ReactNode } from "react";
import { TabBar } from "@/components/shop/tab-bar";

/** The shopper app: a phone-width column (centred on wider screens) with the tab bar on the tab roots. */
export default function ShopLayout({ children }: { children: ReactNode }) {
  return (
    <div className="mx-auto flex min-h-dvh max-w-md flex-col bg-neutral-100 pr-[env(safe-area-inset-right)] pl-[env(safe-area-inset-left)] md:shadow-[0_0_0_1px_rgba(0,0,0,0.04)]">
      <div className="flex-1">{children}</div>
      <TabBar />
    </div>
  );
}
