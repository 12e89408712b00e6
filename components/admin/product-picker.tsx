"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId } from "react";
import type { ItemProduct } from "@/server/domain/activities/item-products";
import { ItemImage } from "../activities/item-image";
import { formatFen } from "../money/format-fen";
import { useTRPC } from "../trpc/react";
import { SearchCombobox, type SearchResults } from "./search-combobox";

export type { ItemProduct };

function useProductResults(query: string, enabled: boolean): SearchResults<ItemProduct> {
  const trpc = useTRPC();
  const results = useQuery({ ...trpc.admin.activities.products.queryOptions({ query, limit: 8 }), enabled, placeholderData: keepPreviousData });
  return { items: results.data, pending: results.isPending, errorMessage: results.isError ? results.error.message : null };
}

function ProductLine({ product, size }: { product: ItemProduct; size: "sm" | "md" }) {
  const t = useTranslations("admin.productPicker");
  return (
    <span className="flex min-w-0 items-center gap-2.5">
      <ItemImage src={product.imageUrl} alt={product.name} className={`${size === "md" ? "size-10" : "size-8"} shrink-0 rounded-md`} />
      <span className="min-w-0">
        <span className="block truncate text-sm text-neutral-900">{product.name}</span>
        <span className="tabular flex items-center gap-1.5 text-xs text-neutral-500">
          {t("catalogPrice", { price: formatFen(product.priceFen) })}
          {!product.onSale ? <span className="rounded bg-neutral-200 px-1 text-[11px] text-neutral-600">{t("offSale")}</span> : null}
        </span>
      </span>
    </span>
  );
}

/**
 * The catalog product an activity item stands for (its photo is the prize's picture; a winner is
 * sent it): searched by name with photo and store price, shown once chosen with a way to change it
 * (or, leaving the search empty, to link none). The server checks the product exists when the activity is saved.
 */
export function ProductPicker({ value, onChange, disabled, error, index }: { value: ItemProduct | null; onChange: (product: ItemProduct | null) => void; disabled?: boolean; error?: string; index: number }) {
  const t = useTranslations("admin.productPicker");
  const id = useId();
  return (
    <div className="flex flex-col gap-1" data-testid={`item-product-${index}`}>
      <label htmlFor={`${id}-input`} className="text-xs font-medium text-neutral-600">
        {t("label")}
      </label>
      {value ? (
        <div className={`flex items-center justify-between gap-3 rounded-md border px-2 py-1.5 ${error ? "border-brand" : "border-neutral-200"} bg-neutral-50`} data-testid="item-product-picked">
          <ProductLine product={value} size="md" />
          {!disabled ? (
            // Back to the search (left empty, the item stands for no product).
            <button type="button" id={`${id}-input`} onClick={() => onChange(null)} className="shrink-0 rounded px-2 py-1 text-sm text-brand hover:bg-brand/5">
              {t("change")}
            </button>
          ) : null}
        </div>
      ) : disabled ? null : (
        <SearchCombobox<ItemProduct>
          inputId={`${id}-input`}
          label={t("label")}
          placeholder={t("placeholder")}
          error={error}
          useResults={useProductResults}
          optionKey={(p) => p.id}
          renderOption={(p) => <ProductLine product={p} size="sm" />}
          onChoose={onChange}
          texts={{ searching: t("searching"), none: t("none") }}
          testId={`item-product-search-${index}`}
          compact
        />
      )}
      {error ? (
        <span className="text-xs text-brand" role="alert">
          {error}
        </span>
      ) : (
        <span className="text-xs text-neutral-400">{value ? t("hint") : t("notPicked")}</span>
      )}
    </div>
  );
}
