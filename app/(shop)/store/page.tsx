import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { formatFen } from "@/components/money/format-fen";
import { PageHeader } from "@/components/shop/page-header";
import { CartLink } from "@/components/store/cart-link";
import { ProductImage } from "@/components/store/product-image";
import { serverCaller } from "@/components/trpc/server";
import { EmptyState } from "@/components/ui/empty-state";
import { ChevronRightIcon, GiftIcon, ReceiptIcon, SearchIcon, StoreIcon } from "@/components/ui/icons";

export async function generateMetadata() {
  const t = await getTranslations("shell.tabs");
  return { title: t("store") };
}

const UUID = /^[0-9a-f-]{36}$/i;

/** 商城: search, category chips, the product grid (server-rendered; the search is a plain GET form). */
export default async function StorePage({ searchParams }: { searchParams: Promise<{ q?: string; c?: string; after?: string }> }) {
  const sp = await searchParams;
  const t = await getTranslations("shop");
  const tabs = await getTranslations("shell.tabs");
  const caller = await serverCaller();
  const query = (sp.q ?? "").slice(0, 40);
  const categoryId = sp.c && UUID.test(sp.c) ? sp.c : undefined;
  const [categories, page] = await Promise.all([
    caller.store.categories(),
    caller.store.products({ query: query || undefined, categoryId, cursor: sp.after ?? null, limit: 20 }).catch(() => ({ items: [], nextCursor: null })),
  ]);
  const href = (c?: string) => `/store?${new URLSearchParams({ ...(query ? { q: query } : {}), ...(c ? { c } : {}) }).toString()}`;
  const chip = (active: boolean) => `flex h-11 shrink-0 items-center rounded-full px-4 text-sm ${active ? "bg-brand text-white" : "bg-white text-neutral-700"}`;

  return (
    <>
      <PageHeader title={tabs("store")} action={<CartLink />} />
      <div className="flex flex-col gap-3 px-4 pt-3 pb-6">
        <form action="/store" role="search" className="flex h-11 items-center gap-2 rounded-full bg-white px-4">
          <SearchIcon size={18} className="text-neutral-400" />
          <input name="q" defaultValue={query} maxLength={40} placeholder={t("searchPlaceholder")} aria-label={t("searchLabel")} className="h-full min-w-0 flex-1 bg-transparent text-[15px] outline-none" />
          {categoryId ? <input type="hidden" name="c" value={categoryId} /> : null}
        </form>

        <div className="grid grid-cols-2 gap-3">
          <Link href="/mall" className="flex items-center gap-2 rounded-2xl bg-gradient-to-br from-[#fff4e5] to-[#ffe6c7] px-3 py-3">
            <GiftIcon size={22} className="shrink-0 text-amber-600" />
            <span className="min-w-0">
              <span className="block text-sm font-semibold text-neutral-900">{t("mallEntry")}</span>
              <span className="block truncate text-xs text-neutral-500">{t("mallEntryBody")}</span>
            </span>
          </Link>
          <Link href="/orders" className="flex items-center gap-2 rounded-2xl bg-white px-3 py-3">
            <ReceiptIcon size={22} className="shrink-0 text-brand" />
            <span className="flex-1 text-sm font-semibold text-neutral-900">{t("ordersEntry")}</span>
            <ChevronRightIcon size={16} className="text-neutral-400" />
          </Link>
        </div>

        <nav aria-label={t("allCategories")} className="-mx-4 flex gap-2 overflow-x-auto px-4 pb-1">
          <Link href={href()} className={chip(!categoryId)} aria-current={!categoryId ? "page" : undefined}>
            {t("allCategories")}
          </Link>
          {categories.map((c) => (
            <Link key={c.id} href={href(c.id)} className={chip(categoryId === c.id)} aria-current={categoryId === c.id ? "page" : undefined}>
              {c.name}
            </Link>
          ))}
        </nav>

        {page.items.length === 0 ? (
          <EmptyState icon={<StoreIcon size={28} />} title={t("noProducts")} description={t("noProductsBody")} />
        ) : (
          <ul className="grid grid-cols-2 gap-3">
            {page.items.map((p) => (
              <li key={p.id}>
                <Link href={`/store/products/${p.id}`} className="block overflow-hidden rounded-2xl bg-white" data-testid="product-card">
                  <ProductImage images={p.images} alt={p.name} className="aspect-square w-full" />
                  <div className="p-2.5">
                    <p className="line-clamp-2 min-h-10 text-sm leading-5 text-neutral-900">{p.name}</p>
                    <div className="mt-1.5 flex items-baseline justify-between gap-1">
                      <span className="tabular text-base font-semibold text-brand">{formatFen(p.priceFen)}</span>
                      <span className="text-[11px] text-neutral-400">{p.stock > 0 ? t("stockLeft", { stock: p.stock }) : t("soldOut")}</span>
                    </div>
                  </div>
                </Link>
              </li>
            ))}
          </ul>
        )}
        {page.nextCursor ? (
          <Link href={`${href(categoryId)}&after=${encodeURIComponent(page.nextCursor)}`} className="py-3 text-center text-sm text-neutral-500">
            {t("loadMore")}
          </Link>
        ) : null}
      </div>
    </>
  );
}
