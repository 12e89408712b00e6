"use client";

import { useTranslations } from "next-intl";
import { Sheet } from "../ui/sheet";
import type { RewardLine, RuleText } from "./rule-text";

/** Reward lines: label on the left, the amount (tabular) on the right; notes under their line. */
export function RewardList({ title, lines, tone, compact = false, testId }: { title: string; lines: RewardLine[]; tone: "win" | "lose"; compact?: boolean; testId?: string }) {
  const box = tone === "win" ? "bg-amber-50/80 ring-amber-100" : "bg-neutral-50 ring-neutral-100";
  const head = tone === "win" ? "text-amber-700" : "text-neutral-600";
  return (
    <section className={`rounded-xl px-3 py-2.5 ring-1 ring-inset ${box}`} data-testid={testId}>
      <h3 className={`text-xs font-semibold ${head}`}>{title}</h3>
      <ul className={`mt-1 ${compact ? "space-y-0.5" : "space-y-1"}`}>
        {lines.map((l) => (
          <li key={l.code} className="text-[13px]">
            <div className="flex items-baseline justify-between gap-3">
              <span className="min-w-0 text-neutral-700">{l.label}</span>
              <span className="tabular shrink-0 text-right font-medium text-neutral-900">{l.value}</span>
            </div>
            {l.note && !compact ? <p className="text-[11px] leading-snug text-neutral-400">{l.note}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The short list shown on the room page: how the draw works, each rule in force, the conflict policy. */
export function RuleBullets({ text }: { text: RuleText }) {
  const t = useTranslations("rules");
  const lines = [text.draw[0]!, ...(text.eligibility.length ? text.eligibility : [t("noEligibility")]), text.policy];
  return (
    <ul className="space-y-1.5" data-testid="rules-in-force">
      {lines.map((line, i) => (
        <li key={i} className="flex gap-2 text-[13px] leading-relaxed text-neutral-700">
          <span aria-hidden="true" className="mt-[0.55em] size-1.5 shrink-0 rounded-full bg-brand" />
          <span>{line}</span>
        </li>
      ))}
    </ul>
  );
}

function Section({ title, lines }: { title: string; lines: string[] }) {
  if (!lines.length) return null;
  return (
    <section className="mt-4 first:mt-0">
      <h3 className="text-sm font-semibold text-neutral-900">{title}</h3>
      <ol className="mt-1.5 list-decimal space-y-1 pl-5 text-[13px] leading-relaxed text-neutral-700 marker:text-neutral-400">
        {lines.map((l, i) => (
          <li key={i}>{l}</li>
        ))}
      </ol>
    </section>
  );
}

/** 规则说明: everything, by section. */
export function RulesSheet({ open, onClose, text }: { open: boolean; onClose: () => void; text: RuleText }) {
  const t = useTranslations("rules");
  const common = useTranslations("common");
  return (
    <Sheet open={open} onClose={onClose} title={t("sheetTitle")} closeLabel={common("close")}>
      <div className="px-4 py-4" data-testid="rules-sheet">
        <Section title={t("sectionDraw")} lines={[...text.draw, text.policy]} />
        <Section title={t("sectionEligibility")} lines={text.eligibility.length ? text.eligibility : [t("noEligibility")]} />
        <section className="mt-4 grid gap-2">
          <h3 className="text-sm font-semibold text-neutral-900">{t("sectionRewards")}</h3>
          <RewardList title={t("winTitle")} lines={text.win} tone="win" />
          <RewardList title={t("loseTitle")} lines={text.lose} tone="lose" />
        </section>
        <Section title={t("sectionReferral")} lines={text.referral} />
        <Section title={t("sectionOther")} lines={text.other} />
        <p className="mt-4 rounded-lg bg-neutral-50 px-3 py-2 text-xs leading-relaxed text-neutral-500">{t("fixedNote")}</p>
      </div>
    </Sheet>
  );
}
