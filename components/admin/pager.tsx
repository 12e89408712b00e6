"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "../ui/button";

/**
 * Keyset paging (the API gives a cursor for the next page, never a total): a stack of cursors
 * makes "previous" exact without offsets.
 */
export function useCursorPager<C>() {
  const [stack, setStack] = useState<(C | null)[]>([null]);
  const cursor = stack[stack.length - 1] ?? null;
  return {
    cursor,
    page: stack.length,
    next: (c: C) => setStack((s) => [...s, c]),
    prev: () => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)),
    reset: () => setStack([null]),
  };
}

export function Pager({ page, hasNext, onPrev, onNext }: { page: number; hasNext: boolean; onPrev: () => void; onNext: () => void }) {
  const t = useTranslations("admin.table");
  return (
    <div className="flex items-center justify-end gap-2 px-4 py-3">
      <span className="mr-2 text-xs text-neutral-500">{t("page", { page })}</span>
      <Button size="sm" variant="neutral" onClick={onPrev} disabled={page <= 1}>
        {t("prev")}
      </Button>
      <Button size="sm" variant="neutral" onClick={onNext} disabled={!hasNext}>
        {t("next")}
      </Button>
    </div>
  );
}
