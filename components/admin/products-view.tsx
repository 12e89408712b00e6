"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { readError } from "../errors/read-error";
import { formatFen } from "../money/format-fen";
import { fenToYuanInput, parseYuanToFen } from "../money/parse-yuan";
import { ProductImage } from "../store/product-image";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { Field, FormError } from "../ui/input";
import { Sheet } from "../ui/sheet";
import { toast } from "../ui/toast";
import { Pager, useCursorPager } from "./pager";
import { SearchBox } from "./search-box";
import { Panel, Table, Td, Th } from "./table";
import { QueryRows } from "./query-rows";

interface ProductRow {
  id: string;
  categoryId: string | null;
  name: string;
  description: string;
  priceFen: number;
  stock: number;
  images: string[];
  onSale: boolean;
  maxPerShopper: number | null;
}

/** Products console: search, table, editor drawer (with image upload) and stock adjustment; categories beside it. */
export function ProductsView({ canWrite }: { canWrite: boolean }) {
  const t = useTranslations("admin.store");
  const tt = useTranslations("admin.table");
  const trpc = useTRPC();
  const pager = useCursorPager<string>();
  const [search, setSearch] = useState("");
  const [editing, setEditing] = useState<ProductRow | "new" | null>(null);
  const categories = useQuery(trpc.admin.store.categories.queryOptions());
  const list = useQuery({ ...trpc.admin.store.products.queryOptions({ query: search || undefined, cursor: pager.cursor, limit: 20 }), placeholderData: (p) => p });
  const catName = (id: string | null) => categories.data?.find((c) => c.id === id)?.name ?? t("noCategory");
  const items = list.data?.items ?? [];
  return (
    <div className="grid grid-cols-[1fr_320px] items-start gap-4">
      <Panel>
        <div className="flex items-center justify-between gap-3 border-b border-neutral-100 px-4 py-3">
          <SearchBox
            className="flex gap-2"
            placeholder={t("search")}
            onSearch={(q) => {
              setSearch(q);
              pager.reset();
            }}
          />
          {canWrite ? (
            <Button size="sm" onClick={() => setEditing("new")}>
              + {t("newProduct")}
            </Button>
          ) : null}
        </div>
        <Table label={t("productsTitle")}>
          <thead>
            <tr>
              <Th>{t("name")}</Th>
              <Th>{t("category")}</Th>
              <Th className="text-right">{t("price")}</Th>
              <Th className="text-right">{t("stock")}</Th>
              <Th>{t("onSale")}</Th>
              <Th className="text-right">{tt("actions")}</Th>
            </tr>
          </thead>
          <tbody>
            <QueryRows query={list} items={items} colSpan={6}>
              {(p) => (
                <tr key={p.id} data-testid="product-row">
                  <Td>
                    <span className="flex items-center gap-3">
                      <ProductImage images={p.images} alt={p.name} className="size-10 shrink-0 rounded" />
                      <span className="font-medium">{p.name}</span>
                    </span>
                  </Td>
                  <Td className="text-neutral-600">{catName(p.categoryId)}</Td>
                  <Td className="tabular text-right">{formatFen(p.priceFen)}</Td>
                  <Td className={`tabular text-right ${p.stock === 0 ? "text-brand" : ""}`}>{p.stock}</Td>
                  <Td>
                    <span className={`rounded-full px-2 py-0.5 text-xs ${p.onSale ? "bg-emerald-50 text-emerald-700" : "bg-neutral-100 text-neutral-500"}`}>{p.onSale ? t("onSale") : t("offSale")}</span>
                  </Td>
                  <Td className="text-right">
                    {canWrite ? (
                      <Button size="sm" variant="neutral" onClick={() => setEditing(p)}>
                        {t("editProduct")}
                      </Button>
                    ) : null}
                  </Td>
                </tr>
              )}
            </QueryRows>
          </tbody>
        </Table>
        <Pager page={pager.page} hasNext={!!list.data?.nextCursor} onPrev={pager.prev} onNext={() => list.data?.nextCursor && pager.next(list.data.nextCursor)} />
      </Panel>
      <CategoriesPanel canWrite={canWrite} />
      {editing ? <ProductEditor product={editing === "new" ? null : editing} categories={categories.data ?? []} onClose={() => setEditing(null)} /> : null}
    </div>
  );
}

function CategoriesPanel({ canWrite }: { canWrite: boolean }) {
  const t = useTranslations("admin.store");
  const tt = useTranslations("admin.table");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const list = useQuery(trpc.admin.store.categories.queryOptions());
  const save = useMutation(trpc.admin.store.saveCategory.mutationOptions());
  const [name, setName] = useState("");
  async function add(e: FormEvent) {
    e.preventDefault();
    try {
      await save.mutateAsync({ name, position: (list.data?.length ?? 0) + 1, active: true });
      setName("");
      await qc.invalidateQueries({ queryKey: trpc.admin.store.categories.queryKey() });
    } catch (err) {
      toast.error(readError(err, tt("networkError")).message);
    }
  }
  async function toggle(c: { id: string; name: string; position: number; active: boolean }) {
    try {
      await save.mutateAsync({ ...c, active: !c.active });
      await qc.invalidateQueries({ queryKey: trpc.admin.store.categories.queryKey() });
    } catch (err) {
      toast.error(readError(err, tt("networkError")).message);
    }
  }
  return (
    <Panel className="p-4">
      <h2 className="mb-3 text-sm font-semibold">{t("categories")}</h2>
      <ul className="flex flex-col gap-1 text-sm">
        {list.data?.map((c) => (
          <li key={c.id} className="flex items-center justify-between rounded px-2 py-1.5 hover:bg-neutral-50">
            <span className={c.active ? "" : "text-neutral-400 line-through"}>{c.name}</span>
            {canWrite ? (
              <button type="button" onClick={() => toggle(c)} className="text-xs text-neutral-500 hover:text-brand">
                {c.active ? t("inactive") : t("active")}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {canWrite ? (
        <form onSubmit={add} className="mt-3 flex gap-2">
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder={t("newCategory")} maxLength={20} aria-label={t("newCategory")} className="h-8 min-w-0 flex-1 rounded-md border border-neutral-300 px-2 text-sm outline-none focus:border-neutral-500" />
          <Button size="sm" type="submit" disabled={!name.trim()} loading={save.isPending}>
            +
          </Button>
        </form>
      ) : null}
    </Panel>
  );
}

function ProductEditor({ product, categories, onClose }: { product: ProductRow | null; categories: { id: string; name: string }[]; onClose: () => void }) {
  const t = useTranslations("admin.store");
  const tt = useTranslations("admin.table");
  const common = useTranslations("common");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const save = useMutation(trpc.admin.store.saveProduct.mutationOptions());
  const adjust = useMutation(trpc.admin.store.adjustStock.mutationOptions());
  const [v, setV] = useState({
    name: product?.name ?? "",
    description: product?.description ?? "",
    price: product ? fenToYuanInput(product.priceFen) : "",
    categoryId: product?.categoryId ?? "",
    onSale: product?.onSale ?? true,
    images: product?.images ?? [],
    initialStock: "0",
    maxPerShopper: product?.maxPerShopper ? String(product.maxPerShopper) : "",
  });
  const [limitError, setLimitError] = useState<string | null>(null);
  const [delta, setDelta] = useState("");
  const [stock, setStock] = useState(product?.stock ?? 0);
  const [error, setError] = useState<string | null>(null);
  const [priceError, setPriceError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.admin.store.pathKey() });

  async function upload(file: File) {
    setUploading(true);
    setError(null);
    try {
      const body = new FormData();
      body.set("file", file);
      const res = await fetch("/api/admin/images", { method: "POST", body });
      const json = (await res.json()) as { url?: string; error?: { message: string } };
      if (!res.ok || !json.url) throw new Error(json.error?.message ?? tt("networkError"));
      setV((s) => ({ ...s, images: [...s.images, json.url!].slice(0, 8) }));
    } catch (e) {
      setError(e instanceof Error ? e.message : tt("networkError"));
    } finally {
      setUploading(false);
    }
  }
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const priceFen = parseYuanToFen(v.price);
    if (priceFen === null || priceFen <= 0) return setPriceError(t("priceInvalid"));
    setPriceError(null);
    const limit = v.maxPerShopper.trim();
    if (limit && (!/^\d{1,3}$/.test(limit) || Number(limit) < 1)) return setLimitError(t("maxPerShopperInvalid"));
    setLimitError(null);
    try {
      await save.mutateAsync({
        ...(product ? { id: product.id } : { initialStock: Number(v.initialStock) }),
        categoryId: v.categoryId || null,
        name: v.name,
        description: v.description,
        priceFen,
        images: v.images,
        onSale: v.onSale,
        maxPerShopper: limit ? Number(limit) : null,
      });
      toast.success(t("saved"));
      await refresh();
      onClose();
    } catch (err) {
      setError(readError(err, tt("networkError")).message);
    }
  }
  async function onAdjust() {
    if (!product) return;
    try {
      const r = await adjust.mutateAsync({ productId: product.id, delta: Number(delta) });
      setStock(r.stock);
      setDelta("");
      toast.success(t("adjusted", { stock: r.stock }));
      await refresh();
    } catch (err) {
      setError(readError(err, tt("networkError")).message);
    }
  }
  return (
    <Sheet open onClose={onClose} side="right" width="max-w-xl" title={product ? t("editProduct") : t("newProduct")} closeLabel={common("close")}>
      <form onSubmit={onSubmit} className="flex flex-col gap-4 p-5" noValidate>
        <Field label={t("name")} value={v.name} onChange={(e) => setV((s) => ({ ...s, name: e.target.value }))} maxLength={60} />
        <div className="grid grid-cols-2 gap-3">
          <Field label={t("price")} value={v.price} onChange={(e) => setV((s) => ({ ...s, price: e.target.value }))} inputMode="decimal" error={priceError} />
          <label className="flex flex-col gap-1.5 text-sm font-medium text-neutral-700">
            {t("category")}
            <select value={v.categoryId} onChange={(e) => setV((s) => ({ ...s, categoryId: e.target.value }))} className="h-11 rounded-lg border border-neutral-300 bg-white px-2 text-[15px] font-normal">
              <option value="">{t("noCategory")}</option>
              {categories.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="grid grid-cols-2 gap-3">
          {!product ? <Field label={t("initialStock")} value={v.initialStock} onChange={(e) => setV((s) => ({ ...s, initialStock: e.target.value }))} inputMode="numeric" /> : null}
          <Field label={t("maxPerShopper")} hint={t("maxPerShopperHint")} value={v.maxPerShopper} onChange={(e) => setV((s) => ({ ...s, maxPerShopper: e.target.value }))} inputMode="numeric" error={limitError} maxLength={3} />
        </div>
        <label className="flex flex-col gap-1.5 text-sm font-medium text-neutral-700">
          {t("description")}
          <textarea value={v.description} onChange={(e) => setV((s) => ({ ...s, description: e.target.value }))} rows={4} maxLength={2000} className="rounded-lg border border-neutral-300 p-2 text-[15px] font-normal outline-none focus:border-neutral-500" />
        </label>
        <div>
          <p className="mb-1.5 text-sm font-medium text-neutral-700">{t("images")}</p>
          <div className="flex flex-wrap gap-2">
            {v.images.map((src) => (
              <div key={src} className="relative">
                <ProductImage images={[src]} alt="" className="size-20 rounded-lg" />
                <button type="button" onClick={() => setV((s) => ({ ...s, images: s.images.filter((x) => x !== src) }))} className="absolute -top-1.5 -right-1.5 rounded-full bg-neutral-900 px-1.5 text-xs text-white">
                  ×
                </button>
              </div>
            ))}
            <label className="flex size-20 cursor-pointer items-center justify-center rounded-lg border border-dashed border-neutral-300 text-xs text-neutral-500 hover:border-brand">
              {uploading ? t("uploading") : t("upload")}
              <input type="file" accept="image/png,image/jpeg,image/webp,image/gif" className="sr-only" onChange={(e) => e.target.files?.[0] && upload(e.target.files[0])} />
            </label>
          </div>
          <p className="mt-1 text-xs text-neutral-500">{t("uploadHint")}</p>
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={v.onSale} onChange={(e) => setV((s) => ({ ...s, onSale: e.target.checked }))} className="size-4 accent-brand" />
          {t("onSale")}
        </label>
        <FormError>{error}</FormError>
        <Button type="submit" loading={save.isPending}>
          {t("save")}
        </Button>
        {product ? (
          <div className="flex items-end gap-2 border-t border-neutral-100 pt-4">
            <Field label={`${t("adjustStock")} · ${t("stock")} ${stock}`} hint={t("adjustBy")} value={delta} onChange={(e) => setDelta(e.target.value)} inputMode="numeric" className="flex-1" />
            <Button variant="neutral" onClick={onAdjust} loading={adjust.isPending} disabled={!/^-?\d+$/.test(delta) || Number(delta) === 0} className="mb-6">
              {t("adjustStock")}
            </Button>
          </div>
        ) : null}
      </form>
    </Sheet>
  );
}
