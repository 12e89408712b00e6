import { TRPCClientError } from "@trpc/client";

export interface ShownError {
  /** Already in the user's language: the server translates domain errors. */
  message: string;
  /** The domain error code (e.g. "WEAK_PASSWORD"), to decide which field the message belongs to. */
  code: string | null;
}

/** What to show for a failed call. Network failures get the caller's own fallback text. */
export function readError(error: unknown, fallback: string): ShownError {
  if (error instanceof TRPCClientError) {
    const data = error.data as { domainCode?: string | null } | undefined;
    // A transport error (offline, 502 HTML page) has no data and an unhelpful message.
    if (!data) return { message: fallback, code: null };
    return { message: error.message || fallback, code: data.domainCode ?? null };
  }
  return { message: fallback, code: null };
}

/** A failed call's message placed under the field its code belongs to (`fieldOf`), else under `form`. */
export function errorForField<F extends string>(error: unknown, fieldOf: Record<string, F>, fallback: string): Partial<Record<F | "form", string>> {
  const shown = readError(error, fallback);
  const field = shown.code ? fieldOf[shown.code] : undefined;
  return { [field ?? "form"]: shown.message } as Partial<Record<F | "form", string>>;
}
