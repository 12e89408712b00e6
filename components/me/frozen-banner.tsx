import { getTranslations } from "next-intl/server";
import { AlertIcon } from "@/components/ui/icons";

/** A frozen account's notice (spec §9): the operator's reason, and what still works (seeing the money) and what does not. */
export async function FrozenBanner({ reason }: { reason: string | null }) {
  const t = await getTranslations("me.frozen");
  return (
    <div role="alert" className="flex gap-3 rounded-2xl border border-red-200 bg-red-50 px-4 py-3 text-red-800" data-testid="frozen-banner">
      <AlertIcon size={20} className="mt-0.5 shrink-0" />
      <div className="min-w-0 text-sm">
        <p className="font-semibold">{t("title")}</p>
        <p className="mt-0.5 break-words">{t("reason", { reason: reason?.trim() || "—" })}</p>
        <p className="mt-1 text-xs text-red-700/80">{t("body")}</p>
      </div>
    </div>
  );
}
