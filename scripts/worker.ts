// `npm run worker`: the background jobs, on pg-boss in the same PostgreSQL. Any number of workers
// may run on any machines; pg-boss hands each scheduled run to one of them, and every job is
// idempotent anyway (re-running pays or refunds nothing twice).
import PgBoss from "pg-boss";
import { createDb } from "../db/client";
import { env } from "../server/env";
import { systemClock } from "../server/domain/shared/clock";
import { dissolveExpiredGroups } from "../server/domain/groups/dissolve-expired-groups";
import { drawStrandedGroups } from "../server/domain/groups/draw-group";
import { runDailySettlement } from "../server/domain/settlement/run-daily-settlement";
import { createPrizeOrders } from "../server/domain/store/create-prize-orders";
import { expirePendingOrders, releaseDueCommissions } from "../server/domain/store/release-commissions";
import { expireAdSessions } from "../server/domain/ads/expire-ad-sessions";
import { takeDashboardSnapshots } from "../server/domain/dashboard/take-snapshots";
import { syncPayouts } from "../server/domain/payouts/submit-payout";
import { activePayoutProviders } from "../server/payouts/payout-provider-for";
import { syncPayments } from "../server/domain/wallet/sync-payments";
import { paymentProvider } from "../server/payments/payment-providers";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is required (npm start sets it for the app; export it for a separate worker).");
  process.exit(1);
}
// A bad provider setting stops the worker now, not its first payout.
env();
const { db, close } = createDb(url, { max: 4 });
const boss = new PgBoss({ connectionString: url, max: 2 });
boss.on("error", (e) => console.error("[worker] pg-boss error", e));

const JOBS: Record<string, () => Promise<number>> = {
  // Spec §2/§4: groups that did not fill in time are dissolved and refunded.
  "groups.timeouts": () => dissolveExpiredGroups(db, systemClock),
  // A draw that did not run right after its fill (crash between commit and draw) runs here.
  "groups.stranded-draws": () => drawStrandedGroups(db, systemClock),
  // Spec §6: store referral commission held 7 days, then paid (or already clawed back by a refund).
  "store.commissions": () => releaseDueCommissions(db, systemClock),
  // Gateway checkouts not captured in time: stock and the voucher part go back.
  "store.expire-pending": () => expirePendingOrders(db, systemClock),
  // W-A product prizes become orders in the store's list and flow.
  "store.prize-orders": () => db.transaction((tx) => createPrizeOrders(tx, systemClock)),
  // Spec §6: ad views left open past their end give their reservation back to the campaign's budget.
  "ads.expire": () => expireAdSessions(db, systemClock),
  // Spec §8: approved withdrawals not yet handed to the payout provider, and payouts whose callback never came.
  "payouts.sync": async () => {
    let acted = 0;
    for (const provider of activePayoutProviders(db, systemClock)) acted += await syncPayouts(db, systemClock, provider);
    return acted;
  },
  // Spec §8: real providers' payments whose notification never came, and refunds not yet final.
  "payments.sync": () => syncPayments(db, systemClock, paymentProvider),
};

await boss.start();
for (const [name, run] of Object.entries(JOBS)) {
  await boss.createQueue(name);
  await boss.schedule(name, "* * * * *", {}, { tz: "Asia/Shanghai" });
  await boss.work(name, async () => {
    const n = await run();
    if (n > 0) console.log(`[worker] ${name}: ${n}`);
  });
}

// Spec §4: at 00:00 business time, yesterday's daily dividend and (when on) static release. Each
// run key pays once, so a duplicate delivery or a second worker is a no-op; a failed run is retried.
await boss.createQueue("settlement.daily");
await boss.schedule("settlement.daily", "0 0 * * *", {}, { tz: "Asia/Shanghai", retryLimit: 5, retryDelay: 60 });
await boss.work("settlement.daily", async () => {
  const out = await runDailySettlement(db, systemClock);
  console.log(`[worker] settlement.daily ${out.day}: dividend ${out.dividendPaidFen} fen, static release ${out.releasedFen ?? "off"}`);
});
// Spec §9: the dashboard's nightly snapshot of each closed day (flows, balances, counts, running
// balances for the reconciliation). Hourly, so a missed night is caught up; a day is written once.
await boss.createQueue("dashboard.snapshot");
await boss.schedule("dashboard.snapshot", "5 * * * *", {}, { tz: "Asia/Shanghai", retryLimit: 5, retryDelay: 60 });
await boss.work("dashboard.snapshot", async () => {
  const out = await takeDashboardSnapshots(db, systemClock);
  if (out.written.length > 0) console.log(`[worker] dashboard.snapshot: ${out.written.join(", ")}`);
});
console.log(`[worker] running: ${Object.keys(JOBS).join(", ")} (every minute), settlement.daily (00:00 Asia/Shanghai), dashboard.snapshot (hourly)`);

const stop = async () => {
  await boss.stop({ graceful: true, timeout: 10_000 });
  await close();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
