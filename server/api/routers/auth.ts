import { z } from "zod";
import { PHONE_CODE_PURPOSES } from "@/db/schema";
import { requestPhoneCode, withPhoneCode, type WithCode } from "../../domain/auth/phone-codes";
import { resetPassword } from "../../domain/auth/reset-password";
import { signUp, findReferrer } from "../../domain/auth/sign-up";
import { smsProviderFor } from "../../sms/sms-for";
import { maskName } from "../../domain/shared/mask-name";
import { readProfile } from "../../domain/users/read-profile";
import { createTRPCRouter, publicProcedure } from "../trpc";

/** A wrong code is returned by the domain so its try commits; it is thrown here, after the commit. */
function unwrap<T>(outcome: WithCode<T>): T {
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

export const authRouter = createTRPCRouter({
  /** Texts a one-time code for sign-up or a password reset; the answer is the same whether the number has an account or not. */
  requestCode: publicProcedure
    .input(z.object({ phone: z.string().max(32), purpose: z.enum(PHONE_CODE_PURPOSES) }))
    .output(z.object({ resendAfterSeconds: z.number().int() }))
    .mutation(({ ctx, input }) => ctx.db.transaction((tx) => requestPhoneCode(tx, ctx.clock, smsProviderFor(tx, ctx.clock), { ...input, ip: ctx.ip, locale: ctx.locale }))),

  signUp: publicProcedure
    .input(z.object({ phone: z.string().max(32), code: z.string().max(12), password: z.string().max(128), referralCode: z.string().max(16).nullish() }))
    .output(z.object({ userId: z.string().uuid(), referralCode: z.string() }))
    .mutation(async ({ ctx, input }) =>
      unwrap(await ctx.db.transaction((tx) => withPhoneCode(tx, ctx.clock, { phone: input.phone, purpose: "signup", code: input.code }, (phone) => signUp(tx, ctx.clock, { ...input, phone, locale: ctx.locale })))),
    ),

  resetPassword: publicProcedure
    .input(z.object({ phone: z.string().max(32), code: z.string().max(12), password: z.string().max(128) }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      unwrap(await ctx.db.transaction((tx) => withPhoneCode(tx, ctx.clock, { phone: input.phone, purpose: "reset", code: input.code }, (phone) => resetPassword(tx, ctx.clock, { phone, password: input.password }))));
      return { ok: true as const };
    }),

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
