"use client";

import type { ReactNode } from "react";

/** The status tabs above a console table: one is selected; choosing another goes back to page 1. */
export function FilterTabs<T extends string>({
  label,
  options,
  value,
  onChange,
  renderLabel,
  className = "flex gap-1",
  children,
}: {
  label: string;
  options: readonly T[];
  value: T;
  onChange: (next: T) => void;
  renderLabel: (option: T) => ReactNode;
  className?: string;
  /** Shown after the tabs (a spinner while refetching). */
  children?: ReactNode;
}) {
  return (
    <div role="tablist" aria-label={label} className={className}>
      {options.map((option) => (
        <button
          key={option}
          type="button"
          role="tab"
          aria-selected={value === option}
          onClick={() => onChange(option)}
          className={`-mb-px h-10 border-b-2 px-4 text-sm whitespace-nowrap ${value === option ? "border-brand font-medium text-brand" : "border-transparent text-neutral-600 hover:text-neutral-900"}`}
        >
          {renderLabel(option)}
        </button>
      ))}
      {children}
    </div>
  );
}
