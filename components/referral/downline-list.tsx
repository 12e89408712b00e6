"use client";

import { useState } from "react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { PAGED } from "../wallet/query-inputs";
import { useTRPC } from "../trpc/react";
import { Avatar } from "../ui/avatar";
import { Button } from "../ui/button";
import { EmptyState } from "../ui/empty-state";
import { UsersIcon } from "../ui/icons";
import { Spinner } from "../ui/spinner";
import { LoadMore } from "./load-more";
import { DOWNLINE_INPUT } from "./query-inputs";

/** My team by level (1: I invited them; 2: they were invited by my level 1), newest first, paged. */
export function DownlineList({ counts }: { counts: { l1: number; l2: number } }) {
  const t = useTranslations("referral");
  const format = useFormatter();
  const trpc = useTRPC();
  const [level, setLevel] = useState<1 | 2>(1);
  const list = useInfiniteQuery(trpc.referrals.downline.infiniteQueryOptions(DOWNLINE_INPUT[level], PAGED));
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="pb-2">
      <div role="tablist" className="mx-4 grid grid-cols-2 gap-1 rounded-xl bg-neutral-100 p-1">
        {([1, 2] as const).map((l) => (
          <button
            key={l}
            role="tab"
            aria-selected={level === l}
            onClick={() => setLevel(l)}
            className={`min-h-11 rounded-lg text-sm ${level === l ? "bg-white font-semibold text-neutral-900 shadow-sm" : "text-neutral-500"}`}
            data-testid={`downline-tab-${l}`}
          >
            {t(l === 1 ? "level1" : "level2")} <span className="tabular">{t("people", { count: l === 1 ? counts.l1 : counts.l2 })}</span>
          </button>
        ))}
      </div>
      {list.isPending ? (
        <div className="flex justify-center py-8 text-neutral-400">
          <Spinner />
        </div>
      ) : list.isError ? (
        <EmptyState title={t("loadFailed")} action={<Button variant="outline" onClick={() => list.refetch()}>{t("retry")}</Button>} />
      ) : items.length === 0 ? (
        <EmptyState icon={<UsersIcon size={26} />} title={t("teamEmpty")} />
      ) : (
        <ul className="mt-1 divide-y divide-neutral-100" data-testid={`downline-${level}`}>
          {items.map((m) => (
            <li key={m.id} className="flex items-center gap-3 px-4 py-3" data-testid="downline-member">
              <Avatar avatarKey={m.avatar} size={36} />
              <div className="min-w-0 flex-1">
                <p className="text-[15px] text-neutral-900">{m.name}</p>
                {m.via ? <p className="text-xs text-neutral-500">{t("via", { name: m.via })}</p> : null}
              </div>
              <span className="tabular shrink-0 text-xs text-neutral-500">{t("joined", { date: format.dateTime(m.joinedAt, { year: "numeric", month: "short", day: "numeric" }) })}</span>
            </li>
          ))}
        </ul>
      )}
      <LoadMore query={list} />
    </div>
  );
}
