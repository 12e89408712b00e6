import Link from "next/link";
import type { ReactNode } from "react";
import { BackIcon } from "../ui/icons";

/** The sticky title bar: centred title, a back arrow on inner pages, an optional action on the right. */
export function PageHeader({ title, backHref, backLabel, action, tone = "light" }: { title: ReactNode; backHref?: string; backLabel?: string; action?: ReactNode; tone?: "light" | "brand" }) {
  const colors = tone === "brand" ? "bg-brand text-white" : "bg-white/95 text-neutral-900 border-b border-neutral-200/70 backdrop-blur";
  return (
    <header className={`sticky top-0 z-20 pt-[env(safe-area-inset-top)] ${colors}`}>
      <div className="relative mx-auto flex h-12 max-w-md items-center justify-center px-12">
        {backHref ? (
          <Link href={backHref} aria-label={backLabel} className="absolute top-0 left-0 flex size-12 items-center justify-center">
            <BackIcon size={22} />
          </Link>
        ) : null}
        <h1 className="truncate text-[17px] font-semibold">{title}</h1>
        {action ? <div className="absolute top-0 right-1 flex h-12 items-center">{action}</div> : null}
      </div>
    </header>
  );
}
