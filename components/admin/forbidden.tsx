import { getTranslations } from "next-intl/server";
import { EmptyState } from "../ui/empty-state";
import { ShieldIcon } from "../ui/icons";

export async function Forbidden() {
  const t = await getTranslations("admin");
  return (
    <div className="rounded-xl bg-white">
      <EmptyState icon={<ShieldIcon size={28} />} title={t("forbiddenTitle")} description={t("forbiddenBody")} className="py-20" />
    </div>
  );
}
