"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId } from "react";
import type { UserPick } from "@/server/domain/users/search-users";
import { useTRPC } from "../trpc/react";
import { SearchCombobox, type SearchResults } from "./search-combobox";

export type { UserPick };

function useUserResults(query: string, enabled: boolean): SearchResults<UserPick> {
  const trpc = useTRPC();
  const results = useQuery({ ...trpc.admin.user.search.queryOptions({ query, limit: 8 }), enabled, placeholderData: keepPreviousData });
  return { items: results.data, pending: results.isPending, errorMessage: results.isError ? results.error.message : null };
}

/**
 * Picks a shopper by phone number or name as you type (a combobox over `admin.user.search`). Once
 * chosen it shows who, with a button to change.
 */
export function UserPicker({ label, value, onChange, error }: { label: string; value: UserPick | null; onChange: (user: UserPick | null) => void; error?: string | null }) {
  const t = useTranslations("admin.userPicker");
  const id = useId();
  const frozen = <span className="rounded bg-neutral-200 px-1.5 py-0.5 text-xs text-neutral-600">{t("frozen")}</span>;

  return (
    <div className="flex flex-col gap-1.5 text-sm font-medium text-neutral-700">
      <label htmlFor={`${id}-input`}>{label}</label>
      {value ? (
        <div className="flex h-11 items-center justify-between rounded-lg border border-neutral-300 bg-neutral-50 px-3" data-testid="user-picked">
          <span>
            <span className="font-medium text-neutral-900">{value.displayName}</span>
            <span className="tabular ml-2 font-normal text-neutral-500">{value.phone}</span>
            {value.frozen ? <span className="ml-2">{frozen}</span> : null}
          </span>
          <button type="button" onClick={() => onChange(null)} className="text-sm font-normal text-brand hover:underline" id={`${id}-input`}>
            {t("change")}
          </button>
        </div>
      ) : (
        <SearchCombobox<UserPick>
          inputId={`${id}-input`}
          label={label}
          placeholder={t("placeholder")}
          error={error}
          useResults={useUserResults}
          optionKey={(u) => u.id}
          renderOption={(u) => (
            <>
              <span className="text-neutral-900">{u.displayName}</span>
              <span className="tabular flex items-center gap-2 text-neutral-500">
                {u.frozen ? frozen : null}
                {u.phone}
              </span>
            </>
          )}
          onChoose={onChange}
          texts={{ searching: t("searching"), none: t("none") }}
          testId="user-picker-input"
        />
      )}
      <p className={`text-xs font-normal ${error ? "text-brand" : "text-neutral-500"}`}>{error ?? t("hint")}</p>
    </div>
  );
}
