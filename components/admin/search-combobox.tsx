"use client";

import { useEffect, useId, useState, type KeyboardEvent, type ReactNode } from "react";
import { Spinner } from "../ui/spinner";

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

/** What a search returned for the text typed so far. */
export interface SearchResults<T> {
  items: readonly T[] | undefined;
  pending: boolean;
  /** Already in the reader's language (the server translates). */
  errorMessage: string | null;
}

/**
 * A search-as-you-type combobox (the console's pickers: a shopper, a catalog product): arrows and
 * Enter or a click choose, Escape closes. `useResults` is the picker's query hook, called with the
 * settled text and whether the list is open. The picker labels the input (`inputId`) and shows
 * what was chosen itself.
 */
export function SearchCombobox<T>({
  inputId,
  label,
  placeholder,
  error,
  maxLength = 40,
  useResults,
  optionKey,
  renderOption,
  onChoose,
  texts,
  testId,
  compact = false,
  className = "",
}: {
  inputId: string;
  /** Names the list of results. */
  label: string;
  placeholder: string;
  error?: string | null;
  maxLength?: number;
  useResults: (query: string, enabled: boolean) => SearchResults<T>;
  optionKey: (item: T) => string;
  renderOption: (item: T) => ReactNode;
  onChoose: (item: T) => void;
  texts: { searching: string; none: string };
  testId?: string;
  /** The height of the editor's other inputs (36 px) instead of 44. */
  compact?: boolean;
  className?: string;
}) {
  const id = useId();
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const query = useSettled(text.trim());
  const results = useResults(query, open && query.length > 0);
  const items = query ? (results.items ?? []) : [];

  function choose(item: T) {
    onChoose(item);
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
    <div className={`relative ${className}`}>
      <input
        id={inputId}
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
        placeholder={placeholder}
        maxLength={maxLength}
        autoComplete="off"
        data-testid={testId}
        className={`w-full border bg-white font-normal outline-none ${compact ? "h-9 rounded-md px-2.5 text-sm" : "h-11 rounded-lg px-3 text-[15px]"} ${error ? "border-brand" : "border-neutral-300 focus:border-neutral-500"}`}
      />
      {open && query ? (
        <ul id={`${id}-list`} role="listbox" aria-label={label} className="absolute inset-x-0 top-full z-20 mt-1 max-h-72 overflow-auto rounded-lg border border-neutral-200 bg-white py-1 font-normal shadow-lg">
          {results.pending ? (
            <li className="flex items-center gap-2 px-3 py-2 text-neutral-400">
              <Spinner /> {texts.searching}
            </li>
          ) : items.length === 0 ? (
            <li className="px-3 py-2 text-neutral-500">{results.errorMessage ?? texts.none}</li>
          ) : (
            items.map((item, i) => (
              <li
                key={optionKey(item)}
                id={`${id}-opt-${i}`}
                role="option"
                aria-selected={i === active}
                // Chosen on mouse down, before the input's blur closes the list.
                onMouseDown={(e) => {
                  e.preventDefault();
                  choose(item);
                }}
                onMouseEnter={() => setActive(i)}
                className={`flex cursor-pointer items-center justify-between gap-3 px-3 py-2 ${i === active ? "bg-neutral-100" : ""}`}
              >
                {renderOption(item)}
              </li>
            ))
          )}
        </ul>
      ) : null}
    </div>
  );
}
