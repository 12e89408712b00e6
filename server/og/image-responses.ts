import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users, type UserRole } from "@/db/schema";
import { maskName } from "../domain/shared/mask-name";
import { findReferrer } from "../domain/auth/sign-up";
import { readPosterItem, readPosterSubject, type PosterItemKind } from "../domain/referrals/poster-subject";
import type { Clock } from "../domain/shared/clock";
import { isDomainError } from "../domain/shared/errors";
import { errorResponse } from "../http/error-response";
import { pickLocale } from "../i18n/locales";
import { invitePreviewText, itemPreviewText, posterText } from "./image-text";
import { renderPoster } from "./render-poster";
import { renderPreview } from "./render-preview";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;


/** `activity:<uuid>` / `product:<uuid>` → the item; `none` → no item; absent → the default; anything else → undefined (bad input). */
export function parsePosterItem(raw: string | null): { kind: PosterItemKind; id: string } | null | "default" | undefined {
  if (raw === null || raw === "") return "default";
  if (raw === "none") return null;
  const [kind, id] = raw.split(":");
  return (kind === "activity" || kind === "product") && id && UUID.test(id) ? { kind, id } : undefined;
}

/**
 * GET /api/referral/poster?code=&item=&locale=&download=1 — a share poster (PNG) for a signed-in
 * shopper: their own code unless `code` names another (whose poster shows that inviter's masked name
 * only, as every poster does). Signed out → 401, staff → 403, unknown code or item → 404.
 */
export async function posterResponse(db: DbOrTx, clock: Clock, session: { id: string; role: UserRole } | null, query: URLSearchParams, origin: string): Promise<Response> {
  const locale = pickLocale(query.get("locale"));
  const notFound = () => errorResponse(locale, "NOT_FOUND");
  if (!session) return errorResponse(locale, "UNAUTHENTICATED");
  if (session.role !== "shopper") return errorResponse(locale, "FORBIDDEN");
  const item = parsePosterItem(query.get("item"));
  if (item === undefined) return errorResponse(locale, "BAD_INPUT", { field: "item" });
  let code = query.get("code");
  if (!code) {
    const [me] = await db.select({ code: users.referralCode }).from(users).where(eq(users.id, session.id));
    if (!me) return notFound();
    code = me.code;
  }
  try {
    const subject = await readPosterSubject(db, clock, { code, item: item === "default" ? undefined : item });
    const image = await renderPoster(posterText(subject, locale, `${origin}/r/${subject.code}`));
    if (query.get("download")) image.headers.set("content-disposition", `attachment; filename="pinpin-${subject.code}.png"`);
    return image;
  } catch (e) {
    if (isDomainError(e) && (e.code === "NOT_FOUND" || e.code === "UNKNOWN_REFERRAL_CODE")) return notFound();
    throw e;
  }
}

export const PREVIEW_KINDS = ["invite", "activity", "product"] as const;
export type PreviewKind = (typeof PREVIEW_KINDS)[number];

/** GET /api/og/<invite|activity|product>/<code or id>?locale= — a public link-preview card (PNG). */
export async function previewResponse(db: DbOrTx, clock: Clock, kind: string, id: string, query: URLSearchParams): Promise<Response> {
  const locale = pickLocale(query.get("locale"));
  const notFound = () => errorResponse(locale, "NOT_FOUND");
  try {
    if (kind === "invite") {
      const inviterId = await findReferrer(db, id);
      const [inviter] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, inviterId));
      return await renderPreview(invitePreviewText(maskName(inviter?.name ?? ""), locale));
    }
    if ((kind === "activity" || kind === "product") && UUID.test(id)) return await renderPreview(itemPreviewText(await readPosterItem(db, clock, kind, id), locale));
    return notFound();
  } catch (e) {
    if (isDomainError(e) && (e.code === "NOT_FOUND" || e.code === "UNKNOWN_REFERRAL_CODE")) return notFound();
    throw e;
  }
}
