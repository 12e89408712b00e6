"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { ButtonLink } from "../ui/button";
import { Card } from "../ui/card";
import { ChevronRightIcon, ShieldIcon } from "../ui/icons";
import { Spinner } from "../ui/spinner";
import { SeatMap } from "./seat-map";
import { useSeatList } from "./seat-list";
import type { GroupResultData } from "./types";
import { HOLD_MS, type DrawMoment } from "./use-draw-moment";

/**
 * The group that just closed, in place of the seat map: full and being drawn, then its winners
 * highlighted, with links to its result and its proof, until the room moves on to the next group
 * (by itself after a few seconds, or at once with "next group"). `announce`: read the phase out
 * (a spectator's one message; a seated shopper hears their own outcome instead).
 */
export function DrawMomentCard({ moment, data, nextNumber, announce, onNext }: { moment: DrawMoment; data: GroupResultData | undefined; nextNumber: number | null; announce: boolean; onNext: () => void }) {
  const t = useTranslations("room.moment");
  const seatList = useSeatList();
  const status = data?.group.status;
  const phase = !data || !moment.revealed || status === "open" || status === "full" ? "filled" : status === "dissolved" ? "dissolved" : "drawn";
  const winners = new Set(phase === "drawn" ? (data?.group.winnerSeats ?? []) : []);
  const size = data?.group.groupSize ?? 0;
  return (
    <Card className="overflow-hidden" data-testid="draw-moment" data-group-id={moment.id} data-phase={phase}>
      <div className="p-4">
        <div className="flex items-center justify-between gap-2">
          <h2 className="text-[15px] font-semibold">{t("groupNo", { number: moment.number })}</h2>
          <span
            className={`rounded-full px-2 py-0.5 text-xs font-medium ${phase === "drawn" ? "bg-amber-100 text-amber-800" : phase === "dissolved" ? "bg-neutral-100 text-neutral-600" : "bg-brand/10 text-brand"}`}
            data-testid="moment-phase"
          >
            {t(`phase.${phase}`)}
          </span>
        </div>
        <p className="mt-1 min-h-5 text-xs text-neutral-600" aria-live={announce ? "polite" : undefined} data-testid="moment-line">
          {phase === "drawn" ? t("winners", { seats: seatList([...winners]) }) : phase === "dissolved" ? t("dissolved") : t("filled", { n: size })}
        </p>
        <div className="mt-4">
          {data ? (
            <SeatMap size={size} seats={data.seats.map((s) => ({ seat: s.seat, name: s.name, avatar: s.avatar, mine: s.mine, won: winners.has(s.seat) }))} result={phase === "drawn"} reveal />
          ) : (
            <Spinner className="mx-auto my-6 text-neutral-400" />
          )}
        </div>
        {phase === "filled" ? null : (
          <div className="mt-4 flex gap-2">
            <ButtonLink href={`/groups/${moment.id}`} variant="outline" className="flex-1" data-testid="moment-result">
              {t("result")}
            </ButtonLink>
            {phase === "drawn" ? (
              <Link href={`/groups/${moment.id}/verify`} className="flex min-h-11 items-center gap-1 px-2 text-sm text-neutral-600" data-testid="moment-proof">
                <ShieldIcon size={16} className="text-green-600" />
                {t("proof")}
              </Link>
            ) : null}
          </div>
        )}
      </div>
      {phase === "filled" ? null : (
        <button type="button" onClick={onNext} className="relative flex min-h-11 w-full items-center justify-center gap-1 border-t border-neutral-100 text-[13px] text-neutral-600" data-testid="moment-next">
          {nextNumber ? t("next", { number: nextNumber }) : t("close")}
          <ChevronRightIcon size={14} />
          {/* Drains while the group stays on screen; static where motion is reduced. */}
          <span aria-hidden="true" className="absolute inset-x-0 top-0 h-0.5 origin-left bg-amber-400 motion-safe:animate-drain" style={{ animationDuration: `${HOLD_MS}ms` }} />
        </button>
      )}
    </Card>
  );
}
