import { performance } from "node:perf_hooks";
import type { Db } from "@/db/client";
import type { Clock } from "../domain/shared/clock";
import { DomainError, pgCode } from "../domain/shared/errors";
import { joinActivityBatch, type JoinOutcome, type JoinRequest, type JoinResult } from "../domain/groups/join-activity";

export interface JoinQueueOptions {
  /** Most joins committed in one transaction. */
  maxBatch?: number;
  /** Transactions of one activity in flight at once from this process (the next one reads while the first holds the seat lock). */
  maxInFlight?: number;
  /** Called after a commit that filled at least one group: start its draw (DrawScheduler.kick). */
  onFilled?: (activityId: string) => void;
  /** Called after each committed batch with its size and duration (metrics, benchmarks). */
  onBatch?: (size: number, ms: number) => void;
}

interface Waiting {
  request: JoinRequest;
  resolve: (result: JoinResult) => void;
  reject: (error: unknown) => void;
  /** Times a batch left it out because a draw held the shopper's cash (TRY_AGAIN). */
  deferred: number;
}

/** One activity's joins in this process: those waiting, the batches in flight, the shoppers with a join in one. */
interface Lane {
  waiting: Waiting[];
  inFlight: number;
  busyUsers: Map<string, number>;
}

/** After this many deferrals a request goes in a batch that waits for the cash row instead. */
const MAX_DEFERRALS = 3;

/** SQLSTATEs after which the same transaction, run again, may well succeed. */
const TRANSIENT = new Set(["40P01", "40001"]);
const ATTEMPTS = 3;

/**
 * The single writer of each activity's seats in this process (group commit): joins that arrive while
 * a batch is being committed wait, and go together in the next one (joinActivityBatch: one seat lock,
 * a fixed number of statements and one commit for the whole batch). Correctness never depends on it:
 * several app instances each run their own queue and their batches take turns on the activity's seat
 * lock; a batch of one is exactly a lone join. Each request gets its own answer; a batch that fails as
 * a whole (a balance spent elsewhere in between, say) is retried request by request, so one shopper's
 * surprise never fails another's join.
 */
export class JoinQueue {
  private readonly lanes = new Map<string, Lane>();
  private readonly maxBatch: number;
  private readonly maxInFlight: number;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly options: JoinQueueOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 64;
    this.maxInFlight = options.maxInFlight ?? 2;
  }

  join(activityId: string, request: JoinRequest): Promise<JoinResult> {
    return new Promise<JoinResult>((resolve, reject) => {
      this.laneOf(activityId).waiting.push({ request, resolve, reject, deferred: 0 });
      this.pump(activityId);
    });
  }

  private laneOf(activityId: string): Lane {
    let lane = this.lanes.get(activityId);
    if (!lane) this.lanes.set(activityId, (lane = { waiting: [], inFlight: 0, busyUsers: new Map() }));
    return lane;
  }

  private pump(activityId: string): void {
    const lane = this.lanes.get(activityId);
    if (!lane) return;
    while (lane.inFlight < this.maxInFlight && lane.waiting.length > 0) {
      const batch = this.takeBatch(lane);
      if (batch.length === 0) return; // everyone waiting has a join in flight: the next commit pumps again
      const users = batch.map((w) => w.request.userId);
      for (const u of users) lane.busyUsers.set(u, (lane.busyUsers.get(u) ?? 0) + 1);
      lane.inFlight += 1;
      void this.commit(activityId, batch).finally(() => {
        lane.inFlight -= 1;
        for (const u of users) {
          const n = (lane.busyUsers.get(u) ?? 1) - 1;
          if (n > 0) lane.busyUsers.set(u, n);
          else lane.busyUsers.delete(u);
        }
        if (lane.inFlight === 0 && lane.waiting.length === 0) this.lanes.delete(activityId);
        else this.pump(activityId);
      });
    }
  }

  /**
   * The next batch, in arrival order, leaving for later the joins of shoppers who have a join of this
   * activity in flight: the batch would only wait for that one's commit on the shopper's join lock,
   * and hold the seat lock meanwhile for nobody. (Only an ordering choice: the locks keep it correct.)
   */
  private takeBatch(lane: Lane): Waiting[] {
    const batch: Waiting[] = [];
    const later: Waiting[] = [];
    let looked = 0;
    for (const w of lane.waiting) {
      if (batch.length >= this.maxBatch) break;
      (lane.busyUsers.has(w.request.userId) ? later : batch).push(w);
      looked += 1;
    }
    lane.waiting = [...later, ...lane.waiting.slice(looked)];
    return batch;
  }

  private async commit(activityId: string, batch: Waiting[]): Promise<void> {
    let outcomes: JoinOutcome[];
    const started = performance.now();
    // Shoppers whose cash a draw is paying into wait for the next batch rather than hold this one up;
    // a request left out MAX_DEFERRALS times goes in a batch that waits.
    const deferBusyCash = batch.every((w) => w.deferred < MAX_DEFERRALS);
    try {
      outcomes = await this.transaction(activityId, batch.map((w) => w.request), deferBusyCash);
    } catch (error) {
      if (batch.length === 1) for (const w of batch) w.reject(error);
      else for (const w of batch) await this.commit(activityId, [w]);
      return;
    }
    // joinActivityBatch answers every request, in order.
    const answered = batch.map((waiting, i) => ({ waiting, outcome: outcomes[i] ?? NO_ANSWER }));
    const later = answered.filter((a) => isTryAgain(a.outcome)).map((a) => a.waiting);
    this.options.onBatch?.(batch.length - later.length, performance.now() - started);
    if (outcomes.some((o) => o.ok && o.value.filled)) this.options.onFilled?.(activityId);
    for (const { waiting, outcome } of answered) {
      if (outcome.ok) waiting.resolve(outcome.value);
      else if (!isTryAgain(outcome)) waiting.reject(outcome.error);
    }
    if (later.length > 0) {
      // In flight: the lane stays until this batch is done.
      for (const w of later) w.deferred += 1;
      this.laneOf(activityId).waiting.unshift(...later);
    }
  }

  private async transaction(activityId: string, requests: JoinRequest[], deferBusyCash: boolean): Promise<JoinOutcome[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction((tx) => joinActivityBatch(tx, this.clock, activityId, requests, { deferBusyCash }));
      } catch (error) {
        if (attempt >= ATTEMPTS || !TRANSIENT.has(pgCode(error) ?? "")) throw error;
      }
    }
  }
}

const NO_ANSWER: JoinOutcome = { ok: false, error: new DomainError("INTERNAL") };

const isTryAgain = (o: JoinOutcome) => !o.ok && o.error.code === "TRY_AGAIN";
