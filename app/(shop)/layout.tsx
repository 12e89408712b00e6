import type { ReactNode } from "react";
import { TabBar } from "@/components/shop/tab-bar";
import { auth } from "@/server/auth";

/** The shopper app: a phone-width column (centred on wider screens) with the tab bar on the tab roots. */
export default async function ShopLayout({ children }: { children: ReactNode }) {
  const session = await auth();
  return (
    <div className="mx-auto flex min-h-dvh max-w-md flex-col bg-neutral-100 pr-[env(safe-area-inset-right)] pl-[env(safe-area-inset-left)] md:shadow-[0_0_0_1px_rgba(0,0,0,0.04)]">
      <div className="flex-1">{children}</div>
      <TabBar signedIn={session?.user?.role === "shopper"} />
    </div>
  );
}
