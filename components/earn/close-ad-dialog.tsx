"use client";

import { useTranslations } from "next-intl";
import { Button } from "../ui/button";
import { Dialog } from "../ui/sheet";

/** Closing forfeits the ad playing: asked once, with what it costs. */
export function CloseAdDialog({ open, busy, onKeep, onClose }: { open: boolean; busy: boolean; onKeep: () => void; onClose: () => void }) {
  const t = useTranslations("earn.player");
  return (
    <Dialog
      open={open}
      onClose={() => !busy && onKeep()}
      title={t("confirmTitle")}
      actions={
        <>
          <Button variant="ghost" className="bg-neutral-100" onClick={onKeep} disabled={busy}>
            {t("keepWatching")}
          </Button>
          <Button onClick={onClose} loading={busy}>
            {t("confirmClose")}
          </Button>
        </>
      }
    >
      {t("confirmBody")}
    </Dialog>
  );
}
