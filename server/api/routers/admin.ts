import { z } from "zod";
import { WITHDRAWAL_STATUSES } from "@/db/schema";
import { auditFacets, listAuditLog, readAuditEntry } from "../../domain/audit/list-audit-log";
import { AuditFiltersSchema } from "../audit-filters";
import { adminUserRouter } from "./admin-users";
import { readSetting, writeSetting } from "../../domain/settings/platform-settings";
import { listUsers } from "../../domain/users/list-users";
import { readProfile } from "../../domain/users/read-profile";
import { decideWithdrawal } from "../../domain/wallet/decide-withdrawal";
import { listPaymentsForReview } from "../../domain/wallet/list-payments-for-review";
import { resolveHeldPayment } from "../../domain/wallet/resolve-held-payment";
import { paymentProvider } from "../../payments/payment-providers";
import { sandboxRefunds } from "../../payments/sandbox-gateway";
import { submitOpenRefunds } from "../../domain/wallet/provider-refunds";
import { HELD_PAYMENT_ACTIONS } from "@/db/schema";
import { joinLanesFor } from "../../runtime/join-lanes";
import { listWithdrawals } from "../../domain/wallet/list-withdrawals";
import { createTRPCRouter, staffProcedure } from "../trpc";
import { enabledPayoutProviders, payoutProviderNamed } from "../../payouts/payout-provider-for";
import { submitPayout } from "../../domain/payouts/submit-payout";
import { adminPaymentsRouter } from "./admin-payments";
import { adminPayoutsRouter } from "./admin-payouts";
import { adminPoolRouter, adminSettlementRouter } from "./admin-settlement";
import { adminActivitiesRouter } from "./admin-activities";
import { adminOrdersRouter, adminStoreRouter } from "./admin-store";
import { adminAdsRouter } from "./admin-ads";
import { adminDashboardRouter } from "./admin-dashboard";

const Page = { limit: z.number().int().min(1).max(100).default(20) };

/** The operator console. Every procedure names its permission; the role matrix decides who passes. */
export const adminRouter = createTRPCRouter({
  whoami: staffProcedure("dashboard.read").query(async ({ ctx }) => {
    const p = await readProfile(ctx.db, ctx.actor.id);
    return { id: p.id, displayName: p.displayName, role: ctx.actor.role };
  }),

  users: staffProcedure("users.read")
    .input(
      z.object({
        query: z.string().max(40).optional(),
        frozen: z.boolean().optional(),
        promoter: z.boolean().optional(),
        hasBalance: z.boolean().optional(),
        cursor: z.string().max(100).nullish(),
        ...Page,
      }),
    )
    .query(({ ctx, input }) => listUsers(ctx.db, ctx.clock.now(), { ...input, cursor: input.cursor ?? undefined })),

  user: adminUserRouter,

  withdrawals: staffProcedure("withdrawals.read")
    .input(z.object({ status: z.enum(WITHDRAWAL_STATUSES).optional(), cursor: z.string().max(100).nullish(), ...Page }))
    .query(({ ctx, input }) => listWithdrawals(ctx.db, { status: input.status, cursor: input.cursor ?? undefined, limit: input.limit })),

  decideWithdrawal: staffProcedure("withdrawals.decide")
    .input(z.object({ withdrawalId: z.string().uuid(), decision: z.enum(["approve", "reject"]), note: z.string().max(200).optional() }))
    .mutation(async ({ ctx, input }) => {
      const decided = await ctx.db.transaction((tx) => decideWithdrawal(tx, ctx.clock, ctx.actor, input, { payoutProviders: enabledPayoutProviders() }));
      // After the commit: the provider is another company's server. If this fails, the payouts.sync job submits it.
      const provider = decided.provider ? payoutProviderNamed(ctx.db, ctx.clock, decided.provider) : null;
      if (decided.payoutId && provider) await submitPayout(ctx.db, ctx.clock, provider, decided.payoutId).catch((e: unknown) => console.error("[payouts] submit failed, the sync job retries", e));
      return decided;
    }),

  payouts: adminPayoutsRouter,
  payments: adminPaymentsRouter,

  paymentsForReview: staffProcedure("payments.read")
    .input(z.object({ resolved: z.boolean().optional(), ...Page }))
    .query(({ ctx, input }) => listPaymentsForReview(ctx.db, input)),

  resolveHeldPayment: staffProcedure("payments.resolve")
    .input(z.object({ actionId: z.string().uuid(), paymentOrderId: z.string().uuid(), action: z.enum(HELD_PAYMENT_ACTIONS), reason: z.string().max(400) }))
    .mutation(async ({ ctx, input }) => {
      // The sandbox's refunds are recorded in the transaction; Alipay's and WeChat Pay's are sent after the
      // commit (a replay sends one still pending again; payments.sync if this answer is lost).
      const result = await ctx.db.transaction((tx) => resolveHeldPayment(tx, ctx.clock, ctx.actor, input, sandboxRefunds));
      if (result.decision.action === "refund") await submitOpenRefunds(ctx.db, ctx.clock, paymentProvider, { paymentOrderId: result.decision.paymentOrderId });
      // A held join credited now that took the last seat: draw now, as the capture would (the job is the backstop).
      if (result.join?.filled) void joinLanesFor(ctx.db, ctx.clock).draws.kick(result.join.activityId);
      return { decision: result.decision, replayed: result.replayed };
    }),

  auditLog: staffProcedure("audit.read")
    .input(AuditFiltersSchema.extend({ cursor: z.number().int().positive().nullish(), ...Page }))
    .query(({ ctx, input }) => listAuditLog(ctx.db, { ...input, beforeId: input.cursor ?? undefined })),

  auditEntry: staffProcedure("audit.read")
    .input(z.object({ id: z.number().int().positive() }))
    .query(({ ctx, input }) => readAuditEntry(ctx.db, input.id)),

  auditFacets: staffProcedure("audit.read").query(({ ctx }) => auditFacets(ctx.db)),

  settings: staffProcedure("settings.read").query(async ({ ctx }) => ({
    displayNames: await readSetting(ctx.db, "displayNames"),
    wallet: await readSetting(ctx.db, "wallet"),
    store: await readSetting(ctx.db, "store"),
  })),

  updateSetting: staffProcedure("settings.write")
    .input(z.object({ key: z.enum(["displayNames", "wallet", "store"]), value: z.unknown() }))
    .mutation(({ ctx, input }) => ctx.db.transaction((tx) => writeSetting(tx, ctx.clock, ctx.actor, input.key, input.value))),

  settlement: adminSettlementRouter,
  pool: adminPoolRouter,

  activities: adminActivitiesRouter,

  store: adminStoreRouter,
  orders: adminOrdersRouter,
  ads: adminAdsRouter,
  dashboard: adminDashboardRouter,
});
