import { initTRPC, TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import superjson from "superjson";
import { ZodError } from "zod";
import { users } from "@/db/schema";
import { DomainError, ERROR_STATUS, isDomainError } from "../domain/shared/errors";
import type { Actor } from "../domain/audit/record-audit";
import { translateError } from "../i18n/translate-error";
import type { Context } from "./context";
import { roleAllows, type Permission } from "./permissions";

const TRPC_CODE: Record<number, TRPCError["code"]> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  409: "CONFLICT",
  429: "TOO_MANY_REQUESTS",
  500: "INTERNAL_SERVER_ERROR",
  503: "SERVICE_UNAVAILABLE",
};

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const domain = error.cause instanceof DomainError ? error.cause : null;
    return {
      ...shape,
      data: {
        ...shape.data,
        stack: undefined,
        domainCode: domain?.code ?? null,
        // The numbers a message was built from (seconds to wait, a cap), for clients that act on them.
        domainParams: domain?.params ?? null,
        // Which rule each refused field broke; the form puts it in words at the field (components/errors/read-error.ts).
        zodIssues: error.cause instanceof ZodError ? error.cause.issues.map(({ path, code, ...rule }) => ({ path, code, minimum: "minimum" in rule ? Number(rule.minimum) : undefined, maximum: "maximum" in rule ? Number(rule.maximum) : undefined, origin: "origin" in rule ? rule.origin : undefined, params: "params" in rule ? rule.params : undefined })) : null,
      },
    };
  },
});

/** Turns domain and validation errors into translated tRPC errors; anything else is logged, not shown. */
const errorMapping = t.middleware(async ({ ctx, next }) => {
  const result = await next();
  if (result.ok) return result;
  const err = result.error;
  const cause = err.cause;
  if (isDomainError(cause)) {
    throw new TRPCError({ code: TRPC_CODE[ERROR_STATUS[cause.code]] ?? "BAD_REQUEST", message: translateError(ctx.locale, cause.code, cause.params), cause });
  }
  if (cause instanceof ZodError || err.code === "BAD_REQUEST") {
    throw new TRPCError({ code: "BAD_REQUEST", message: translateError(ctx.locale, "BAD_INPUT"), cause });
  }
  if (err.code === "INTERNAL_SERVER_ERROR") {
    console.error("[trpc] unexpected error", err.cause ?? err);
    throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: translateError(ctx.locale, "INTERNAL"), cause: new DomainError("INTERNAL") });
  }
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure.use(errorMapping);

/** A signed-in shopper. Staff accounts use the console, never shopper money paths. */
export const shopperProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (!ctx.session) throw new DomainError("UNAUTHENTICATED");
  if (ctx.session.role !== "shopper") throw new DomainError("FORBIDDEN");
  return next({ ctx: { ...ctx, userId: ctx.session.id } });
});

/**
 * An operator action allowed by the role matrix. The role is read from the database on every call,
 * so a demoted or frozen operator loses access at once, whatever their session cookie says.
 */
export function staffProcedure(permission: Permission) {
  return publicProcedure.use(async ({ ctx, next }) => {
    if (!ctx.session) throw new DomainError("UNAUTHENTICATED");
    const [row] = await ctx.db.select({ role: users.role, frozen: users.frozen }).from(users).where(eq(users.id, ctx.session.id));
    if (!row || row.frozen || !roleAllows(row.role, permission)) throw new DomainError("FORBIDDEN");
    const actor: Actor = { id: ctx.session.id, role: row.role, ip: ctx.ip };
    return next({ ctx: { ...ctx, actor } });
  });
}
