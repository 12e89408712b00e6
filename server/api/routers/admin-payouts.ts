import { z } from "zod";
import { revealWithdrawalDestination } from "../../domain/payouts/reveal-destination";
import { createTRPCRouter, staffProcedure } from "../trpc";

/** Payouts in the console: finance's audited look at the full account a withdrawal goes to. */
export const adminPayoutsRouter = createTRPCRouter({
  revealDestination: staffProcedure("withdrawals.reveal")
    .input(z.object({ withdrawalId: z.string().uuid() }))
    .mutation(({ ctx, input }) => ctx.db.transaction((tx) => revealWithdrawalDestination(tx, ctx.clock, ctx.actor, input.withdrawalId))),
});
