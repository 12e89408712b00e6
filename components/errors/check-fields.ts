"use client";

import { useTranslations } from "next-intl";
import type { z } from "zod";
import { fieldErrorsFromIssues, type ValidationT } from "./read-error";

/** The rule words (`validation.*`) in the reader's language. */
export function useValidationT(): ValidationT {
  const t = useTranslations("validation");
  return (key, values) => t(key, values);
}

/** A form's own check before sending, by the same zod rules the domain keeps: each broken field with its words. */
export function checkFields<F extends string>(schema: z.ZodType, values: unknown, fields: readonly F[], tv: ValidationT): Partial<Record<F, string>> {
  const parsed = schema.safeParse(values);
  return parsed.success ? {} : fieldErrorsFromIssues(parsed.error.issues as never, fields, tv);
}
