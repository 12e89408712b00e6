"use client";

import { useState } from "react";
import type { PublicPersonView } from "./types";
import { Avatar } from "../ui/avatar";
import { BagIcon, TicketIcon } from "./icons";

/**
 * The item's photo, or a warm tile with a bag (product) or a ticket (voucher) when it has none or
 * it fails to load. The caller gives the box (size or aspect); the photo covers it without
 * stretching, and the box never jumps while it loads.
 */
export function ItemImage({ src, alt, kind = "product", className = "" }: { src: string | null | undefined; alt: string; kind?: "product" | "voucher"; className?: string }) {
  const [failed, setFailed] = useState<string | null>(null);
  if (src && failed !== src) {
    return (
      <span className={`relative block overflow-hidden bg-neutral-100 ${className}`}>
        {/* eslint-disable-next-line @next/next/no-img-element -- our own uploads and bundled files, any size */}
        <img src={src} alt={alt} className="absolute inset-0 size-full object-cover" loading="lazy" decoding="async" onError={() => setFailed(src)} data-testid="item-photo" />
      </span>
    );
  }
  const Icon = kind === "voucher" ? TicketIcon : BagIcon;
  return (
    <div role="img" aria-label={alt} className={`relative flex items-center justify-center overflow-hidden bg-gradient-to-br from-[#fff1ec] via-[#ffe4dc] to-[#ffd3c4] ${className}`} data-testid="item-placeholder">
      <span aria-hidden="true" className="absolute -right-3 -bottom-5 text-[64px] leading-none font-black text-white/60 select-none">
        拼
      </span>
      <Icon size={34} strokeWidth={1.5} className="relative text-brand/70" />
    </div>
  );
}

/** Those seated, as overlapping avatars (their masked names as titles). */
export function SeatAvatars({ people, max = 5, size = 24 }: { people: readonly PublicPersonView[]; max?: number; size?: number }) {
  const shown = people.slice(0, max);
  const more = people.length - shown.length;
  return (
    <span className="flex items-center -space-x-1.5">
      {shown.map((p, i) => (
        <span key={i} title={p.name} className="rounded-full ring-2 ring-white">
          <Avatar avatarKey={p.avatar} size={size} alt={p.name} />
        </span>
      ))}
      {more > 0 ? (
        <span style={{ height: size, fontSize: size * 0.42 }} className="tabular flex items-center justify-center rounded-full bg-neutral-100 px-1.5 font-medium text-neutral-500 ring-2 ring-white">
          +{more}
        </span>
      ) : null}
    </span>
  );
}
