"use client";

import { useTranslations } from "next-intl";
import { useId } from "react";
import { CopyIcon } from "../../ui/icons";
import { toast } from "../../ui/toast";

/** A value to hand to someone else (a callback URL): shown whole, selectable, with a copy button. */
export function CopyField({ label, value, testId }: { label: string; value: string; testId?: string }) {
  const common = useTranslations("common");
  const id = useId();
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      toast.success(common("copied"));
    } catch {
      toast.error(common("copyFailed"));
    }
  }
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-neutral-600">
        {label}
      </label>
      <span className="flex h-9 items-center rounded-md border border-neutral-200 bg-neutral-50 pl-2.5">
        <input id={id} readOnly value={value} onFocus={(e) => e.target.select()} data-testid={testId} className="h-full w-full min-w-0 bg-transparent font-mono text-xs text-neutral-700 outline-none" />
        <button type="button" onClick={() => void copy()} className="flex h-full shrink-0 items-center gap-1 border-l border-neutral-200 px-2.5 text-xs text-neutral-600 hover:text-brand">
          <CopyIcon size={14} />
          {common("copy")}
        </button>
      </span>
    </div>
  );
}
