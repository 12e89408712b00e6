"use client";

import { useTranslations } from "next-intl";
import { useCallback, useState } from "react";
import { Button } from "../ui/button";
import { Dialog } from "../ui/sheet";
import { HelpIcon } from "./icons";

/** The group's commitment hash, small, with a "?" that explains commit–reveal in plain words. */
export function Commitment({ hash, label }: { hash: string; label?: string }) {
  const t = useTranslations("commitment");
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  return (
    <div className="flex items-center gap-1.5 text-[11px] text-neutral-400">
      <span className="shrink-0">{label ?? t("label")}</span>
      <code className="min-w-0 flex-1 truncate font-mono text-neutral-500" title={hash} data-testid="commitment">
        {hash}
      </code>
      <button type="button" onClick={() => setOpen(true)} aria-label={t("help")} className="-my-3 -mr-2 flex size-11 shrink-0 items-center justify-center rounded-full text-neutral-400 hover:text-neutral-700">
        <HelpIcon size={16} />
      </button>
      <Dialog open={open} onClose={close} title={t("helpTitle")} actions={<Button onClick={close}>{t("gotIt")}</Button>}>
        <p>{t("helpBody1")}</p>
        <p className="mt-2">{t("helpBody2")}</p>
        <p className="mt-2">{t("helpBody3")}</p>
      </Dialog>
    </div>
  );
}
