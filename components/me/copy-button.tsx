"use client";

import { useTranslations } from "next-intl";
import { CopyIcon } from "../ui/icons";
import { toast } from "../ui/toast";

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Older WebViews and plain-http pages have no async clipboard: fall back to a selection copy.
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}

export function CopyButton({ text, label }: { text: string; label?: string }) {
  const t = useTranslations("common");
  return (
    <button
      type="button"
      onClick={async () => ((await copyText(text)) ? toast.success(t("copied")) : toast.error(t("copyFailed")))}
      className="inline-flex min-h-11 shrink-0 items-center gap-1.5 rounded-full border border-brand px-4 text-sm font-medium text-brand active:bg-brand/5"
    >
      <CopyIcon size={16} />
      {label ?? t("copy")}
    </button>
  );
}
