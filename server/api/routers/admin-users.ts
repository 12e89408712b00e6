import { z } from "zod";
import { ASSETS } from "@/db/schema";
import { listMyEntries } from "../../domain/groups/list-my-entries";
import { listUserEntries } from "../../domain/ledger";
import { listOrders } from "../../domain/store/read-orders";
import { adjustBalance } from "../../domain/users/adjust-balance";
import { setUserFrozen } from "../../domain/users/freeze-user";
import { listDownline } from "../../domain/users/list-downline";
import { readUserDetail } from "../../domain/users/read-user-detail";
import { searchShoppers, USER_SEARCH_MAX } from "../../domain/users/search-users";
import { listWithdrawals } from "../../domain/wallet/list-withdrawals";
import { createTRPCRouter, staffProcedure } from "../trpc";

const UserId = z.object({ userId: z.string().uuid() });
const Paged = { cursor: z.string().max(100).nullish(), limit: z.number().int().min(1).max(50).default(10) };
const Reason = z.string().max(200);

/** `admin.user.*`: one user's detail page, its paged sections, and the operator actions on the account. */
export const adminUserRouter = createTRPCRouter({
  /** The user picker (voucher grants, …): a short list by phone or name, for anyone who may read users. */
  search: staffProcedure("users.read")
    .input(z.object({ query: z.string().max(40), limit: z.number().int().min(1).max(USER_SEARCH_MAX).default(8) }))
    .query(({ ctx, input }) => searchShoppers(ctx.db, input)),

  detail: staffProcedure("users.read")
    .input(UserId)
    .query(({ ctx, input }) => readUserDetail(ctx.db, input.userId, ctx.clock.now())),

  ledger: staffProcedure("users.read")
    .input(UserId.extend({ cursor: z.number().int().positive().nullish(), limit: z.number().int().min(1).max(50).default(20) }))
    .query(({ ctx, input }) => listUserEntries(ctx.db, { userId: input.userId, beforeId: input.cursor ?? undefined, limit: input.limit })),

  entries: staffProcedure("users.read")
    .input(UserId.extend(Paged))
    .query(({ ctx, input }) => listMyEntries(ctx.db, { userId: input.userId, cursor: input.cursor ?? undefined, limit: input.limit })),

  orders: staffProcedure("users.read")
    .input(UserId.extend(Paged))
    .query(({ ctx, input }) => listOrders(ctx.db, { userId: input.userId, cursor: input.cursor ?? undefined, limit: input.limit })),

  withdrawals: staffProcedure("users.read")
    .input(UserId.extend(Paged))
    .query(({ ctx, input }) => listWithdrawals(ctx.db, { userId: input.userId, cursor: input.cursor ?? undefined, limit: input.limit })),

  downline: staffProcedure("users.read")
    .input(UserId.extend({ level: z.union([z.literal(1), z.literal(2)]), ...Paged }))
    .query(({ ctx, input }) => listDownline(ctx.db, { userId: input.userId, level: input.level, cursor: input.cursor ?? undefined, limit: input.limit })),

  freeze: staffProcedure("users.freeze")
    .input(UserId.extend({ reason: Reason }))
    .mutation(({ ctx, input }) => ctx.db.transaction((tx) => setUserFrozen(tx, ctx.clock, ctx.actor, { userId: input.userId, frozen: true, reason: input.reason }))),

  unfreeze: staffProcedure("users.freeze")
    .input(UserId.extend({ reason: Reason }))
    .mutation(({ ctx, input }) => ctx.db.transaction((tx) => setUserFrozen(tx, ctx.clock, ctx.actor, { userId: input.userId, frozen: false, reason: input.reason }))),

  adjust: staffProcedure("users.adjust")
    .input(UserId.extend({ adjustmentId: z.string().uuid(), asset: z.enum(ASSETS), amount: z.number().int(), reason: Reason }))
    .mutation(({ ctx, input }) => ctx.db.transaction((tx) => adjustBalance(tx, ctx.clock, ctx.actor, input))),
});
