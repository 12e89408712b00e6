import "server-only";
import type { Db } from "@/db/client";
import { appDb } from "../db";
import { timeouts } from "../env";
import { requestClock } from "../test-clock";
import type { Clock } from "../domain/shared/clock";
import { DrawScheduler } from "./draw-scheduler";
import { JoinQueue } from "./join-queue";
import { createPrizeOrders } from "../domain/store/create-prize-orders";

export interface JoinLanes {
  joins: JoinQueue;
  draws: DrawScheduler;
}

// On globalThis: Next.js may bundle this module more than once (route handlers, the tRPC route), and
// one process should run one writer per activity.
const globalForLanes = globalThis as unknown as { pinpinJoinLanes?: WeakMap<Db, WeakMap<Clock, JoinLanes>> };
const byDb = (globalForLanes.pinpinJoinLanes ??= new WeakMap());

/**
 * This process's join queue and draw scheduler for a database and clock (one pair per app instance
 * in production; tests with their own database or clock get their own).
 */
export function joinLanesFor(db: Db, clock: Clock): JoinLanes {
  let byClock = byDb.get(db);
  if (!byClock) byDb.set(db, (byClock = new WeakMap()));
  let lanes = byClock.get(clock);
  if (!lanes) {
    // W-A product prizes become orders right after their draw (the store.prize-orders job is the backstop).
    const draws = new DrawScheduler(db, clock, undefined, (groupIds) => db.transaction((tx) => createPrizeOrders(tx, clock, { groupIds })));
    lanes = { draws, joins: new JoinQueue(db, clock, { onFilled: (activityId) => void draws.kick(activityId), deadlineMs: timeouts().JOIN_DEADLINE_MS }) };
    byClock.set(clock, lanes);
  }
  return lanes;
}

/**
 * The app's join queue and draw scheduler: the app's database and the clock every request runs on
 * (tRPC, route handlers), so this process draws each activity on one scheduler.
 */
export function appJoinLanes(): JoinLanes {
  return joinLanesFor(appDb(), requestClock());
}
