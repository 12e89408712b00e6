import { activitiesRouter } from "./routers/activities";
import { adsRouter } from "./routers/ads";
import { adminRouter } from "./routers/admin";
import { authRouter } from "./routers/auth";
import { healthRouter } from "./routers/health";
import { paymentsRouter } from "./routers/payments";
import { poolRouter } from "./routers/pool";
import { referralsRouter } from "./routers/referrals";
import { storeRouter } from "./routers/store";
import { walletRouter } from "./routers/wallet";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  health: healthRouter,
  activities: activitiesRouter,
  auth: authRouter,
  wallet: walletRouter,
  payments: paymentsRouter,
  pool: poolRouter,
  store: storeRouter,
  ads: adsRouter,
  referrals: referralsRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
