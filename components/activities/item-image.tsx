import { BagIcon, TicketIcon } from "./icons";

/** The item's photo, or a warm tile with a bag (product) or a ticket (voucher) when it has none. */
export function ItemImage({ src, alt, kind = "product", className = "" }: { src: string | null | undefined; alt: string; kind?: "product" | "voucher"; className?: string }) {
  if (src) {
    // eslint-disable-next-line @next/next/no-img-element -- operator-provided URLs of any host
    return <img src={src} alt={alt} className={`object-cover ${className}`} loading="lazy" />;
  }
  const Icon = kind === "voucher" ? TicketIcon : BagIcon;
  return (
    <div role="img" aria-label={alt} className={`relative flex items-center justify-center overflow-hidden bg-gradient-to-br from-[#fff1ec] via-[#ffe4dc] to-[#ffd3c4] ${className}`}>
      <span aria-hidden="true" className="absolute -right-3 -bottom-5 text-[64px] leading-none font-black text-white/60 select-none">
        拼
      </span>
      <Icon size={34} strokeWidth={1.5} className="relative text-brand/70" />
    </div>
  );
}

/** A seated shopper's first character in a small circle (names are masked: 王*). */
export function SeatAvatars({ names, max = 5, size = 24 }: { names: readonly string[]; max?: number; size?: number }) {
  const shown = names.slice(0, max);
  const more = names.length - shown.length;
  return (
    <span className="flex items-center -space-x-1.5">
      {shown.map((name, i) => (
        <span
          key={i}
          title={name}
          style={{ width: size, height: size, fontSize: size * 0.5 }}
          className="flex items-center justify-center rounded-full bg-gradient-to-br from-brand to-[#f25a3f] font-medium text-white ring-2 ring-white"
        >
          {[...name][0] ?? "?"}
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
