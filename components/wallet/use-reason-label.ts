"use client";

import { useTranslations } from "next-intl";
import { translateOr } from "../i18n/dynamic-key";

/** A ledger reason ("withdrawal.hold") in words; a reason with no translation yet is shown as stored. */
export function useReasonLabel(): (reason: string) => string {
  const t = useTranslations("ledgerReasons");
  return (reason) => translateOr(t, reason.replace(/\./g, "_"), reason);
}
