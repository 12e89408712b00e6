"use client";

import { ErrorView } from "@/components/errors/error-view";
import { ShopFrame } from "@/components/shop/shop-frame";

/** A page that failed while rendering (the root layout still stands, so the user's language is known). */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <ShopFrame>
      <ErrorView digest={error.digest} onRetry={reset} />
    </ShopFrame>
  );
}
