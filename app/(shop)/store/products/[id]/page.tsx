import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { notFoundMetadata } from "@/components/errors/not-found-metadata";
import { previewMetadata } from "@/components/referral/preview-metadata";
import { pickLocale } from "@/server/i18n/locales";
import { itemPreviewText } from "@/server/og/image-text";
import { formatFen } from "@/components/money/format-fen";
import { PageHeader } from "@/components/shop/page-header";
import { AddToCart } from "@/components/store/add-to-cart";
import { CartLink } from "@/components/store/cart-link";
import { ProductImage } from "@/components/store/product-image";
import { serverCaller } from "@/components/trpc/server";

async function load(id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  return (await serverCaller()).store.product({ id }).catch(() => null);
}

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const p = await load((await params).id);
  if (!p) return notFoundMetadata();
  const text = itemPreviewText({ kind: "product", id: p.id, name: p.name, priceFen: p.priceFen, groupSize: null, winners: null }, pickLocale(await getLocale()));
  return previewMetadata(text, "product", p.id, `/store/products/${p.id}`);
}

/** Product page: images, price, stock, description; add to cart or buy now. */
export default async function ProductPage({ params }: { params: Promise<{ id: string }> }) {
  const p = await load((await params).id);
  if (!p) notFound();
  const t = await getTranslations("shop");
  const common = await getTranslations("common");
  return (
    <>
      <PageHeader title={t("productTitle")} backHref="/store" backLabel={common("back")} action={<CartLink />} />
      <div className="pb-28">
        <div className="flex snap-x snap-mandatory overflow-x-auto bg-white">
          {(p.images.length ? p.images : [null]).map((src, i) => (
            <ProductImage key={i} images={src ? [src] : []} alt={p.name} className="aspect-square w-full shrink-0 snap-center" />
          ))}
        </div>
        <section className="bg-white px-4 pt-3 pb-4">
          <p className="tabular text-2xl font-semibold text-brand" data-testid="product-price">
            {formatFen(p.priceFen)}
          </p>
          <h2 className="mt-1 text-[17px] leading-snug font-semibold text-neutral-900">{p.name}</h2>
          <p className="mt-1 text-xs text-neutral-500">
            {p.stock > 0 ? t("stockLeft", { stock: p.stock }) : t("soldOut")}
            {p.maxPerShopper ? <span data-testid="per-shopper-limit"> · {t("perShopperLimit", { max: p.maxPerShopper })}</span> : null}
          </p>
          <p className="mt-2 rounded-lg bg-amber-50 px-3 py-2 text-xs text-amber-800">{t("pointsHint")}</p>
        </section>
        <section className="mt-2 bg-white px-4 py-4">
          <h3 className="text-[15px] font-semibold">{t("description")}</h3>
          <p className="mt-2 text-sm leading-relaxed whitespace-pre-line text-neutral-700">{p.description || t("noDescription")}</p>
        </section>
      </div>
      <AddToCart productId={p.id} stock={p.stock} />
    </>
  );
}
