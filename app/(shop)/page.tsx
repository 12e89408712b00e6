import { getTranslations } from "next-intl/server";
import { ActivityList } from "@/components/activities/activity-list";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";
import { ShieldIcon } from "@/components/ui/icons";
import { Logo } from "@/components/ui/logo";

export async function generateMetadata() {
  const t = await getTranslations("shell.tabs");
  return { title: t("home") };
}

/** 首页: the running group-draw activities. */
export default async function HomePage() {
  const t = await getTranslations("activities");
  const shell = await getTranslations("shell");
  await getQueryClient().prefetchQuery(trpc.activities.list.queryOptions());
  return (
    <HydrateClient>
      <header className="sticky top-0 z-20 bg-brand pt-[env(safe-area-inset-top)] text-white">
        <div className="mx-auto flex h-12 max-w-md items-center px-4">
          <Logo light size={30} name={shell("appName")} />
        </div>
      </header>
      <section className="bg-gradient-to-b from-brand to-brand/0 px-4 pt-1 pb-3 text-white">
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        <p className="mt-1 flex items-center gap-1.5 text-xs text-white/85">
          <ShieldIcon size={14} />
          {t("subtitle")}
        </p>
      </section>
      <ActivityList />
    </HydrateClient>
  );
}
