import { createTranslator } from "next-intl";
import en from "@/messages/en.json";
import zhCN from "@/messages/zh-CN.json";
import type { ErrorCode, ErrorParams } from "../domain/shared/errors";
import type { Locale } from "./locales";

const MESSAGES = { "zh-CN": zhCN, en } as const;

/** The one place an error code becomes words, in the caller's language. */
export function translateError(locale: Locale, code: ErrorCode, params: ErrorParams = {}): string {
  const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: "errors" });
  return t(code, params);
}
