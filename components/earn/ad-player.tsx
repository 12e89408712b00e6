"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { createPortal } from "react-dom";
import { Button } from "../ui/button";
import { CloseIcon } from "../ui/icons";
import { Spinner } from "../ui/spinner";
import { AdCountdown } from "./ad-countdown";
import { AdCreative } from "./ad-creative";
import { CloseAdDialog } from "./close-ad-dialog";
import { RewardCard } from "./reward-card";
import { useServerRemaining } from "./server-offset";
import { SetProgress } from "./set-progress";
import { useAdSet, type PlayerEntry } from "./use-ad-set";

/**
 * The full-screen player, over the page and its tab bar: the set's progress, the ad with its
 * countdown by the server's clock, and a close button that is always there (asking first).
 */
export function AdPlayer({ entry, onExit }: { entry: PlayerEntry; onExit: () => void }) {
  const t = useTranslations("earn.player");
  const { state, hold, closeView, retry, exit } = useAdSet(entry, onExit);
  const [confirming, setConfirming] = useState(false);
  const [closing, setClosing] = useState(false);
  const { phase, viewsDone, viewsRequired } = state;
  const view = phase.kind === "playing" || phase.kind === "completing" || phase.kind === "stalled" ? phase.view : null;
  const remaining = useServerRemaining(view?.completesAtMs ?? 0, view?.offsetMs ?? 0);
  const mounted = useMounted();

  useEffect(() => {
    const overflow = document.body.style.overflow;
    document.body.style.overflow = "hidden";
    return () => {
      document.body.style.overflow = overflow;
    };
  }, []);

  const askClose = () => {
    if (!view) return exit();
    hold(true);
    setConfirming(true);
  };
  const keepWatching = () => {
    setConfirming(false);
    hold(false);
  };
  const confirmClose = async () => {
    if (!view) return exit();
    setClosing(true);
    await closeView(view);
  };

  if (!mounted) return null;
  const done = phase.kind === "reward";
  const fraction = view ? 1 - Math.max(0, remaining) / Math.max(1, view.durationSeconds * 1000) : 0;
  return createPortal(
    <div
      role="dialog"
      aria-modal="true"
      aria-label={t("label")}
      className="fixed inset-0 z-40 flex flex-col bg-neutral-950 pt-[env(safe-area-inset-top)] pr-[env(safe-area-inset-right)] pb-[env(safe-area-inset-bottom)] pl-[env(safe-area-inset-left)] text-white"
      data-testid="ad-player"
    >
      <div className="mx-auto flex min-h-0 w-full max-w-md flex-1 flex-col">
        <div className="flex items-center gap-2 py-2 pr-2 pl-4">
          <div className="min-w-0 flex-1">
            <p className="tabular text-sm font-medium" data-testid="ad-progress">
              {t("progress", { current: Math.min(viewsDone + (done ? 0 : 1), viewsRequired), total: viewsRequired })}
            </p>
            <div className="mt-1.5">
              <SetProgress done={viewsDone} total={viewsRequired} current={fraction} label={t("progress", { current: viewsDone, total: viewsRequired })} />
            </div>
          </div>
          {done ? null : <AdCountdown remainingMs={view ? remaining : null} confirming={phase.kind === "completing"} />}
          <button type="button" onClick={done ? exit : askClose} aria-label={t("close")} className="flex size-11 shrink-0 items-center justify-center rounded-full bg-white/15 active:bg-white/25" data-testid="ad-close">
            <CloseIcon size={20} />
          </button>
        </div>

        <div className="flex min-h-0 flex-1 items-center justify-center px-4 py-3">
          {phase.kind === "reward" ? (
            <RewardCard reward={phase.reward} onBack={exit} />
          ) : view?.creative ? (
            <AdCreative key={view.viewId} creative={view.creative} />
          ) : (
            <Spinner label={t("loading")} className="text-white/70" />
          )}
        </div>

        {view && !done ? (
          <div className="px-4 pb-4">
            {phase.kind === "stalled" ? (
              <div className="mb-3 flex items-center justify-between gap-3 rounded-xl bg-white/10 px-3 py-2 text-sm">
                <span>{t("stalled")}</span>
                <Button size="md" onClick={retry} className="shrink-0">
                  {t("retry")}
                </Button>
              </div>
            ) : null}
            {view.creative ? (
              <p className="truncate text-xs text-white/70" data-testid="ad-sponsor">
                <span className="mr-1.5 rounded bg-white/20 px-1 py-px text-[10px] text-white">{t("sponsored")}</span>
                {view.creative.advertiser} · {view.creative.name}
              </p>
            ) : null}
            <p className="mt-1 text-xs text-white/50">{t("hint")}</p>
          </div>
        ) : null}
      </div>
      <CloseAdDialog open={confirming} busy={closing} onKeep={keepWatching} onClose={() => void confirmClose()} />
    </div>,
    document.body,
  );
}

/** False on the server render and the first client render: the player lives in document.body. */
function useMounted(): boolean {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted;
}
