"use client";

import { useTranslations } from "next-intl";
import { applyRatioBp as ratioOf, pointsPerYuan as pointsOf } from "@/server/domain/shared/money";
import { formatFen, formatPoints } from "../money/format-fen";
import type { RoomRules } from "./types";

/** 500 → "5%", 50 → "0.5%", 125 → "1.25%". */
export function percentOf(ratioBp: number): string {
  return `${(ratioBp / 100).toFixed(2).replace(/\.?0+$/, "")}%`;
}

export interface RewardLine {
  code: string;
  label: string;
  value: string;
  note?: string;
}

export interface RuleText {
  /** The draw itself: N, K, equal chances, commit–reveal. */
  draw: string[];
  /** Each eligibility rule that is on, in plain words with its numbers; empty when none is. */
  eligibility: string[];
  /** What happens when fewer than K can win (the conflict policy). */
  policy: string;
  win: RewardLine[];
  lose: RewardLine[];
  referral: string[];
  /** Seats per user, the timeout, promoter validity. */
  other: string[];
}

/**
 * Every rule in force for a group, in the reader's language, with its numbers filled in (spec §3:
 * all active rules are shown before joining). Amounts come from the group's price P.
 */
export function useRuleText(): (input: { rules: RoomRules; priceFen: number; groupSize: number; winners: number; itemKind?: "product" | "voucher"; itemName?: string; asset: (code: string) => string }) => RuleText {
  const t = useTranslations("rules");
  return ({ rules: c, priceFen: P, groupSize: n, winners: k, itemKind, itemName, asset }) => {
    const r = c.rules;
    const eligibility: string[] = [];
    if (r.firstOfDay.on) eligibility.push(t("firstOfDay"));
    if (r.newUser.on) eligibility.push(t("newUser"));
    if (r.winStreak.on) eligibility.push(t("winStreak", { x: r.winStreak.x, y: r.winStreak.y }));
    if (r.totalWins.on) eligibility.push(t("totalWins", { x: r.totalWins.x, y: r.totalWins.y }));
    if (r.windowCap.on) eligibility.push(t("windowCap", { x: r.windowCap.x, z: r.windowCap.z }));

    const w = c.rewards;
    const win: RewardLine[] = [];
    if (w.WA.on) {
      win.push(
        itemKind === "voucher"
          ? { code: "W-A", label: t("win.voucher", { asset: asset("voucher") }), value: formatFen(P) }
          : { code: "W-A", label: t("win.product"), value: itemName ?? t("win.productValue") },
      );
    }
    if (w.WB.on) win.push({ code: "W-B", label: asset("divPoints"), value: `+${formatPoints(pointsOf(P, w.WB.ratioBp))}` });
    if (w.WC.on) win.push({ code: "W-C", label: asset("credit"), value: `+${formatFen(ratioOf(P, w.WC.ratioBp))}` });
    if (w.WD.on) win.push({ code: "W-D", label: t("release", { asset: asset("credit"), cash: asset("cash") }), value: t("upTo", { amount: formatFen(ratioOf(P, w.WD.ratioBp)) }), note: t("releaseNote", { asset: asset("credit") }) });
    if (w.WE.on) win.push({ code: "W-E", label: t("win.dividend"), value: formatFen(ratioOf(P, w.WE.ratioBp)), note: t("win.dividendNote") });
    if (w.WF.on) win.push({ code: "W-F", label: asset("mallPoints"), value: `+${formatPoints(pointsOf(P, w.WF.ratioBp))}` });

    const lose: RewardLine[] = [{ code: "L-0", label: t("lose.refund"), value: formatFen(P) }];
    if (w.LA.on) lose.push({ code: "L-A", label: t("lose.bonus", { cash: asset("cash") }), value: `+${formatFen(ratioOf(P, w.LA.ratioBp))}` });
    if (w.LB.on) lose.push({ code: "L-B", label: t("release", { asset: asset("credit"), cash: asset("cash") }), value: t("upTo", { amount: formatFen(ratioOf(P, w.LB.ratioBp)) }), note: t("releaseNote", { asset: asset("credit") }) });
    if (w.LC.on) lose.push({ code: "L-C", label: asset("mallPoints"), value: `+${formatPoints(pointsOf(P, w.LC.ratioBp))}` });

    const referral: string[] = [];
    for (const level of ["L1", "L2"] as const) {
      const ref = c.referral[level];
      if (!ref.on) continue;
      const how = ref.mode === "fixed" ? t("referralFixed", { amount: formatFen(ref.amountFen) }) : t("referralRatio", { percent: percentOf(ref.ratioBp) });
      referral.push(t(level === "L1" ? "referralL1" : "referralL2", { how, asset: asset("credit"), cash: asset("cash") }));
    }

    const hours = c.timeoutSeconds / 3600;
    // 24 h reads as "24 小时"; whole days past three as days; anything else in minutes.
    const duration =
      Number.isInteger(hours) && hours <= 72
        ? t("durationHours", { count: hours })
        : c.timeoutSeconds % 86_400 === 0
          ? t("durationDays", { count: c.timeoutSeconds / 86_400 })
          : Number.isInteger(hours)
            ? t("durationHours", { count: hours })
            : t("durationMinutes", { count: Math.round(c.timeoutSeconds / 60) });

    return {
      draw: [t("draw", { n, k }), t("verifiable")],
      eligibility,
      policy: c.conflictPolicy === "dissolve" ? t("policyDissolve", { k }) : t("policyRandom", { k }),
      win,
      lose,
      referral,
      other: [t("seatsPerUser", { count: c.seatsPerUser }), t("timeout", { duration }), t("promoter")],
    };
  };
}
