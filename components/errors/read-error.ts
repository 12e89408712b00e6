import { TRPCClientError } from "@trpc/client";

export interface ShownError {
  /** Already in the user's language: the server translates domain errors. */
  message: string;
  /** The domain error code (e.g. "WEAK_PASSWORD"), to decide which field the message belongs to. */
  code: string | null;
  /** The field a domain error names (`BAD_INPUT` with `{ field }`), if any. */
  field: string | null;
  /** Zod's issues when the server refused the input's shape (server/api/trpc.ts sends them untranslated). */
  issues: FieldIssue[];
}

/** One zod issue as the server sends it and as a form's own check makes it: where, and which rule. */
export interface FieldIssue {
  path: readonly PropertyKey[];
  code: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
  input?: unknown;
  params?: { key?: ValidationKey };
}

/** The words for a broken rule (messages `validation.*`, both locales). */
export type ValidationKey = "required" | "tooShort" | "tooLong" | "tooSmall" | "tooBig" | "invalid" | "phone" | "carrier" | "trackingNo";
export type ValidationT = (key: ValidationKey, values?: Record<string, number>) => string;

/** What to show for a failed call. Network failures get the caller's own fallback text. */
export function readError(error: unknown, fallback: string): ShownError {
  if (error instanceof TRPCClientError) {
    const data = error.data as { domainCode?: string | null; domainParams?: { field?: unknown } | null; zodIssues?: FieldIssue[] | null } | undefined;
    // A transport error (offline, 502 HTML page) has no data and an unhelpful message.
    if (!data) return { message: fallback, code: null, field: null, issues: [] };
    const field = typeof data.domainParams?.field === "string" ? data.domainParams.field : null;
    return { message: error.message || fallback, code: data.domainCode ?? null, field, issues: data.zodIssues ?? [] };
  }
  return { message: fallback, code: null, field: null, issues: [] };
}

/** One issue in words: an empty required text is "required", a short one names its minimum, a custom rule its own key. */
export function issueMessage(issue: FieldIssue, tv: ValidationT): string {
  if (issue.params?.key) return tv(issue.params.key);
  const min = Number(issue.minimum ?? 0);
  const max = Number(issue.maximum ?? 0);
  switch (issue.code) {
    case "too_small":
      if (issue.origin === "string") return min <= 1 ? tv("required") : tv("tooShort", { min });
      return tv("tooSmall", { min });
    case "too_big":
      return issue.origin === "string" ? tv("tooLong", { max }) : tv("tooBig", { max });
    case "invalid_type":
      return issue.input === undefined ? tv("required") : tv("invalid");
    default:
      return tv("invalid");
  }
}

/** The first issue of each field (by the issue path's first key), in words. */
export function fieldErrorsFromIssues<F extends string>(issues: readonly FieldIssue[], fields: readonly F[], tv: ValidationT): Partial<Record<F, string>> {
  const errors: Partial<Record<F, string>> = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? "") as F;
    if (fields.includes(field) && !errors[field]) errors[field] = issueMessage(issue, tv);
  }
  return errors;
}

/**
 * A failed call's message placed at the field it belongs to: the field a domain error names
 * (`BAD_INPUT` with `{ field }`), or its code's field (`fieldOf`), or each field of a refused input
 * shape (with `form`: the form's fields and the rule words); else under `form`. The one mapping
 * every form uses, so errors sit where the person is looking.
 */
export function errorForField<F extends string>(
  error: unknown,
  fieldOf: Partial<Record<string, F>>,
  fallback: string,
  form?: { fields: readonly F[]; tv: ValidationT },
): Partial<Record<F | "form", string>> {
  const shown = readError(error, fallback);
  const fields: readonly F[] = form?.fields ?? [...new Set(Object.values(fieldOf).filter((f): f is F => !!f))];
  if (form && shown.issues.length) {
    const byField = fieldErrorsFromIssues(shown.issues, fields, form.tv);
    if (Object.keys(byField).length) return byField as Partial<Record<F | "form", string>>;
  }
  const named = shown.field && fields.includes(shown.field as F) ? (shown.field as F) : undefined;
  const field = named ?? (shown.code ? fieldOf[shown.code] : undefined);
  return { [field ?? "form"]: shown.message } as Partial<Record<F | "form", string>>;
}
