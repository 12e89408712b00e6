import type { ReactNode } from "react";
import { ShopFrame } from "@/components/shop/shop-frame";
import { TabBar } from "@/components/shop/tab-bar";
import { auth } from "@/server/auth";

/** The shopper app: a phone-width column (centred on wider screens) with the tab bar on the tab roots. */
export default async function ShopLayout({ children }: { children: ReactNode }) {
  const session = await auth();
  return <ShopFrame footer={<TabBar signedIn={session?.user?.role === "shopper"} />}>{children}</ShopFrame>;
}
