"use client";

import { useTranslations } from "next-intl";
import { Avatar } from "../ui/avatar";
import { CrownIcon } from "./icons";

export interface SeatView {
  seat: number;
  name: string;
  /** The seated shopper's avatar key (server/domain/users/avatar.ts). */
  avatar: string;
  mine: boolean;
  /** Result only: drawn outcome and eligibility. */
  won?: boolean;
  eligible?: boolean | null;
}

/**
 * N numbered circles. A taken seat shows the shopper's avatar and masked name (张*明); mine has a
 * red ring and 我 under it; on a result, winners get a gold ring and a crown and the others fade. A
 * seat that just arrived (live) pulses once; with `reveal` (the room's draw moment) the winners pop
 * in. Both only where motion is welcome (prefers-reduced-motion: the colours alone tell).
 */
export function SeatMap({ size, seats, arrived, result = false, reveal = false }: { size: number; seats: readonly SeatView[]; arrived?: ReadonlySet<number>; result?: boolean; reveal?: boolean }) {
  const t = useTranslations("seats");
  const bySeat = new Map(seats.map((s) => [s.seat, s]));
  const cols = size <= 5 ? "grid-cols-5" : size <= 10 ? "grid-cols-5" : "grid-cols-6";
  return (
    <ol className={`grid ${cols} gap-x-2 gap-y-3`} aria-label={t("label")}>
      {Array.from({ length: size }, (_, i) => i + 1).map((n) => {
        const s = bySeat.get(n);
        const pulse = !!s && !!arrived?.has(n);
        const label = s ? t("taken", { seat: n, name: s.mine ? t("you") : s.name }) + (s.won ? t("wonSuffix") : "") : t("empty", { seat: n });
        let circle = "border-2 border-dashed border-neutral-300 bg-neutral-50 text-neutral-400";
        if (s) {
          circle = result
            ? s.won
              ? "bg-amber-400 p-[3px] shadow-[0_2px_8px_rgba(245,158,11,0.45)]"
              : "bg-neutral-200 opacity-60 grayscale"
            : "bg-white shadow-sm";
          if (s.mine) circle += " ring-2 ring-offset-2 ring-brand";
        }
        return (
          <li key={n} className="flex flex-col items-center" data-testid="seat" data-seat={n} data-state={s ? (s.won ? "won" : "taken") : "empty"} aria-label={label}>
            <span className="relative flex size-12 items-center justify-center">
              {pulse ? <span aria-hidden="true" className="absolute inset-0 rounded-full bg-brand/40 motion-safe:animate-ping motion-safe:[animation-iteration-count:2]" /> : null}
              <span
                className={`relative flex size-12 items-center justify-center rounded-full text-lg font-semibold motion-safe:transition-all motion-safe:duration-500 ${pulse ? "motion-safe:scale-110" : "scale-100"} ${reveal && result && s?.won ? "motion-safe:animate-seat-win" : ""} ${circle}`}
              >
                {s ? <Avatar avatarKey={s.avatar} size={s.won && result ? 42 : 48} /> : <span className="tabular text-sm">{n}</span>}
                {s ? <span className="tabular absolute -right-1 -bottom-1 flex size-5 items-center justify-center rounded-full bg-white text-[10px] font-semibold text-neutral-600 shadow ring-1 ring-neutral-200">{n}</span> : null}
                {result && s?.won ? (
                  <CrownIcon size={16} strokeWidth={1.2} className="absolute -top-3 left-1/2 -translate-x-1/2 text-amber-500 drop-shadow-sm" />
                ) : null}
              </span>
            </span>
            <span className={`mt-1.5 max-w-full truncate text-[11px] ${s?.mine ? "font-medium text-brand" : s ? "text-neutral-600" : "text-neutral-400"}`}>
              {s ? (s.mine ? t("you") : s.name) : t("open")}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
