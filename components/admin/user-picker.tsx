"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useId, useState, type KeyboardEvent } from "react";
import type { UserPick } from "@/server/domain/users/search-users";
import { useTRPC } from "../trpc/react";
import { Spinner } from "../ui/spinner";

export type { UserPick };

/** Keystrokes closer together than this are one search. */
const TYPING_PAUSE_MS = 250;

function useSettled(value: string): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setSettled(value), TYPING_PAUSE_MS);
    return () => clearTimeout(id);
  }, [value]);
  return settled;
}

/**
 * Picks a shopper by phone number or name as you type (a combobox over `admin.user.search`): arrows
 * and Enter or a click choose, Escape closes. Once chosen it shows who, with a button to change.
 */
export function UserPicker({ label, value, onChange, error }: { label: string; value: UserPick | null; onChange: (user: UserPick | null) => void; error?: string | null }) {
  const t = useTranslations("admin.userPicker");
  const trpc = useTRPC();
  const id = useId();
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const query = useSettled(text.trim());
  const results = useQuery({ ...trpc.admin.user.search.queryOptions({ query, limit: 8 }), enabled: open && query.length > 0, placeholderData: keepPreviousData });
  const items = query ? (results.data ?? []) : [];

  function choose(user: UserPick) {
    onChange(user);
    setOpen(false);
    setText("");
  }
  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      setOpen(true);
      if (items.length) setActive((a) => (a + (e.key === "ArrowDown" ? 1 : items.length - 1)) % items.length);
    } else if (e.key === "Enter" && open && items[active]) {
      e.preventDefault();
      choose(items[active]);
    } else if (e.key === "Escape") {
      setOpen(false);
    }
  }

  return (
    <div className="flex flex-col gap-1.5 text-sm font-medium text-neutral-700">
      <label htmlFor={`${id}-input`}>{label}</label>
      {value ? (
        <div className="flex h-11 items-center justify-between rounded-lg border border-neutral-300 bg-neutral-50 px-3" data-testid="user-picked">
          <span>
            <span className="font-medium text-neutral-900">{value.displayName}</span>
            <span className="tabular ml-2 font-normal text-neutral-500">{value.phone}</span>
            {value.frozen ? <span className="ml-2 rounded bg-neutral-200 px-1.5 py-0.5 text-xs text-neutral-600">{t("frozen")}</span> : null}
          </span>
          <button type="button" onClick={() => onChange(null)} className="text-sm font-normal text-brand hover:underline" id={`${id}-input`}>
            {t("change")}
          </button>
        </div>
      ) : (
        <div className="relative">
          <input
            id={`${id}-input`}
            role="combobox"
            aria-expanded={open && query.length > 0}
            aria-controls={`${id}-list`}
            aria-autocomplete="list"
            aria-activedescendant={open && items[active] ? `${id}-opt-${active}` : undefined}
            aria-invalid={error ? true : undefined}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setOpen(true);
              setActive(0);
            }}
            onFocus={() => setOpen(true)}
            onBlur={() => setOpen(false)}
            onKeyDown={onKeyDown}
            placeholder={t("placeholder")}
            maxLength={40}
            autoComplete="off"
            data-testid="user-picker-input"
            className={`h-11 w-full rounded-lg border bg-white px-3 text-[15px] font-normal outline-none ${error ? "border-brand" : "border-neutral-300 focus:border-neutral-500"}`}
          />
          {open && query ? (
            <ul id={`${id}-list`} role="listbox" aria-label={label} className="absolute inset-x-0 top-full z-20 mt-1 max-h-72 overflow-auto rounded-lg border border-neutral-200 bg-white py-1 font-normal shadow-lg">
              {results.isPending ? (
                <li className="flex items-center gap-2 px-3 py-2 text-neutral-400">
                  <Spinner /> {t("searching")}
                </li>
              ) : items.length === 0 ? (
                <li className="px-3 py-2 text-neutral-500">{results.isError ? results.error.message : t("none")}</li>
              ) : (
                items.map((u, i) => (
                  <li
                    key={u.id}
                    id={`${id}-opt-${i}`}
                    role="option"
                    aria-selected={i === active}
                    // Chosen on mouse down, before the input's blur closes the list.
                    onMouseDown={(e) => {
                      e.preventDefault();
                      choose(u);
                    }}
                    onMouseEnter={() => setActive(i)}
                    className={`flex cursor-pointer items-center justify-between px-3 py-2 ${i === active ? "bg-neutral-100" : ""}`}
                  >
                    <span className="text-neutral-900">{u.displayName}</span>
                    <span className="tabular flex items-center gap-2 text-neutral-500">
                      {u.frozen ? <span className="rounded bg-neutral-200 px-1.5 py-0.5 text-xs text-neutral-600">{t("frozen")}</span> : null}
                      {u.phone}
                    </span>
                  </li>
                ))
              )}
            </ul>
          ) : null}
        </div>
      )}
      <p className={`text-xs font-normal ${error ? "text-brand" : "text-neutral-500"}`}>{error ?? t("hint")}</p>
    </div>
  );
}
