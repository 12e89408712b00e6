import { z } from "zod";
import { signUp, findReferrer } from "../../domain/auth/sign-up";
import { maskName } from "../../domain/activities/read-activity-room";
import { readProfile } from "../../domain/users/read-profile";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const authRouter = createTRPCRouter({
  signUp: publicProcedure
    .input(z.object({ phone: z.string().max(32), password: z.string().max(128), referralCode: z.string().max(16).nullish() }))
    .output(z.object({ userId: z.string().uuid(), referralCode: z.string() }))
    .mutation(({ ctx, input }) => ctx.db.transaction((tx) => signUp(tx, ctx.clock, { ...input, locale: ctx.locale }))),

  /** Who invited me: shown on the sign-up page of a `/r/<code>` link before the form is sent, masked as everywhere a stranger sees a name. */
  referrer: publicProcedure
    .input(z.object({ code: z.string().min(1).max(16) }))
    .output(z.object({ displayName: z.string() }))
    .query(async ({ ctx, input }) => {
      const id = await findReferrer(ctx.db, input.code);
      const profile = await readProfile(ctx.db, id);
      return { displayName: maskName(profile.displayName) };
    }),
});
