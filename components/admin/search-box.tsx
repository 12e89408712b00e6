"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "../ui/button";

/** A console table's search: typed freely, applied on Enter or the button (then the table goes back to page 1). */
export function SearchBox({ placeholder, onSearch, className = "flex gap-2" }: { placeholder: string; onSearch: (q: string) => void; className?: string }) {
  const tt = useTranslations("admin.table");
  const [query, setQuery] = useState("");
  return (
    <form
      className={className}
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(query.trim());
      }}
    >
      <input value={query} onChange={(e) => setQuery(e.target.value)} placeholder={placeholder} aria-label={placeholder} maxLength={40} className="h-8 w-64 rounded-md border border-neutral-300 px-2 text-sm outline-none focus:border-neutral-500" />
      <Button size="sm" variant="neutral" type="submit">
        {tt("search")}
      </Button>
    </form>
  );
}
