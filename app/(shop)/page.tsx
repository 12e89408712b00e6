import { getTranslations } from "next-intl/server";
import { ComingSoon } from "@/components/shop/coming-soon";
import { Logo } from "@/components/ui/logo";
import { UsersIcon } from "@/components/ui/icons";

export async function generateMetadata() {
  const t = await getTranslations("shell.tabs");
  return { title: t("home") };
}

/** 首页: the group-draw activity list comes here; until then, what it will be and a sketch of a card. */
export default async function HomePage() {
  const t = await getTranslations("home");
  const shell = await getTranslations("shell");
  return (
    <>
      <header className="sticky top-0 z-20 bg-brand pt-[env(safe-area-inset-top)] text-white">
        <div className="mx-auto flex h-12 max-w-md items-center justify-between px-4">
          <Logo light size={30} name={shell("appName")} />
          <span className="text-xs text-white/85">{shell("tagline")}</span>
        </div>
      </header>
      <ComingSoon icon={<UsersIcon size={40} />} badge={t("badge")} title={t("title")} body={t("body")} points={[t("point1"), t("point2"), t("point3")]} />
      <section aria-label={t("previewLabel")} className="px-4 pb-6">
        <p className="mb-2 px-1 text-xs text-neutral-500">{t("previewLabel")}</p>
        <div aria-hidden="true" className="flex gap-3 rounded-2xl bg-white p-3 opacity-70">
          <div className="size-24 shrink-0 rounded-xl bg-gradient-to-br from-neutral-200 to-neutral-100" />
          <div className="flex min-w-0 flex-1 flex-col">
            <div className="h-4 w-3/4 rounded bg-neutral-200" />
            <div className="mt-2 text-xs text-neutral-500">{t("sampleMeta")}</div>
            <div className="mt-1 text-xs text-brand">{t("sampleSeats")}</div>
            <div className="mt-auto flex items-end justify-between">
              <span className="tabular text-lg font-semibold text-brand">¥99.00</span>
              <span className="rounded-full bg-brand px-3 py-1.5 text-xs font-medium text-white">{t("sampleJoin")}</span>
            </div>
          </div>
        </div>
      </section>
    </>
  );
}
