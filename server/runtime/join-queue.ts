import { performance } from "node:perf_hooks";
import type { Db } from "@/db/client";
import { isDatabaseUnavailable, isServerAnswer } from "@/db/database-unavailable";
import type { Clock } from "../domain/shared/clock";
import { DomainError, isDomainError, pgCode } from "../domain/shared/errors";
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
  /**
   * Milliseconds from a join's arrival to its answer (none when absent). A join whose batch has not
   * begun by then is dropped, never committed later (SERVICE_UNAVAILABLE); one whose batch is still
   * committing is answered JOIN_OUTCOME_UNKNOWN (the shopper asks by the entry id: activities.entry).
   */
  deadlineMs?: number;
}

interface Waiting {
  request: JoinRequest;
  resolve: (result: JoinResult) => void;
  reject: (error: unknown) => void;
  /** Times a batch left it out because a draw held the shopper's cash (TRY_AGAIN). */
  deferred: number;
  /** performance.now() by which it is answered, whatever its batch is doing. */
  deadline: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  /**
   * queued: in the lane; batched: in a batch whose transaction has not begun (or rolled back);
   * committing: in a begun transaction; answered: its promise is settled.
   */
  phase: "queued" | "batched" | "committing" | "answered";
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

const unavailable = () => new DomainError("SERVICE_UNAVAILABLE");

/**
 * The single writer of each activity's seats in this process (group commit): joins that arrive while
 * a batch is being committed wait, and go together in the next one (joinActivityBatch: one seat lock,
 * a fixed number of statements and one commit for the whole batch). Correctness never depends on it:
 * several app instances each run their own queue and their batches take turns on the activity's seat
 * lock; a batch of one is exactly a lone join. Each request gets its own answer; a batch that fails as
 * a whole (a balance spent elsewhere in between, say) is retried request by request, so one shopper's
 * surprise never fails another's join.
 *
 * Each join is answered by its deadline (`deadlineMs`). A transaction takes in only the joins whose
 * deadline has not passed when it begins, so a join answered "unavailable" is never committed later.
 * When the database is away, a batch fails as a whole with SERVICE_UNAVAILABLE (retryable, nothing
 * done); when the connection is lost while its COMMIT is under way, with JOIN_OUTCOME_UNKNOWN.
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
      const ms = this.options.deadlineMs;
      const waiting: Waiting = { request, resolve, reject, deferred: 0, deadline: ms === undefined ? Infinity : performance.now() + ms, timer: undefined, phase: "queued" };
      if (ms !== undefined) waiting.timer = setTimeout(() => this.expire(activityId, waiting), ms);
      this.laneOf(activityId).waiting.push(waiting);
      this.pump(activityId);
    });
  }

  /** The deadline came: a join not yet in a begun transaction is dropped; one committing is told the outcome is unknown. */
  private expire(activityId: string, w: Waiting): void {
    if (w.phase === "queued") {
      const lane = this.lanes.get(activityId);
      if (lane) {
        lane.waiting = lane.waiting.filter((x) => x !== w);
        if (lane.inFlight === 0 && lane.waiting.length === 0) this.lanes.delete(activityId);
      }
    }
    this.answer(w, w.phase === "committing" ? { ok: false, error: new DomainError("JOIN_OUTCOME_UNKNOWN") } : { ok: false, error: unavailable() });
  }

  /** Settles a join once; later outcomes of one already answered (at its deadline) go nowhere. */
  private answer(w: Waiting, outcome: JoinOutcome | { ok: false; error: unknown }): void {
    if (w.phase === "answered") return;
    w.phase = "answered";
    clearTimeout(w.timer);
    if (outcome.ok) w.resolve(outcome.value);
    else w.reject(outcome.error);
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
    for (const w of batch) w.phase = "batched";
    return batch;
  }

  private async commit(activityId: string, batch: Waiting[]): Promise<void> {
    let run: { members: Waiting[]; outcomes: JoinOutcome[] };
    const started = performance.now();
    // Shoppers whose cash a draw is paying into wait for the next batch rather than hold this one up;
    // a request left out MAX_DEFERRALS times goes in a batch that waits.
    const deferBusyCash = batch.every((w) => w.deferred < MAX_DEFERRALS);
    try {
      run = await this.transaction(activityId, batch, deferBusyCash);
    } catch (error) {
      // The database away (nothing committed) or the commit's fate unknown: the same answer for all.
      if (isDomainError(error) && error.code === "JOIN_OUTCOME_UNKNOWN") for (const w of batch) this.answer(w, { ok: false, error });
      else if (isDatabaseUnavailable(error)) for (const w of batch) this.answer(w, { ok: false, error: unavailable() });
      else if (batch.length === 1) for (const w of batch) this.answer(w, { ok: false, error });
      else for (const w of batch) if (w.phase !== "answered") await this.commit(activityId, [w]);
      return;
    }
    if (run.members.length === 0) return; // every join of it was past its deadline when it began
    // joinActivityBatch answers every request, in order.
    const answered = run.members.map((waiting, i) => ({ waiting, outcome: run.outcomes[i] ?? NO_ANSWER }));
    const later = answered.filter((a) => isTryAgain(a.outcome)).map((a) => a.waiting);
    this.options.onBatch?.(run.members.length - later.length, performance.now() - started);
    if (run.outcomes.some((o) => o.ok && o.value.filled)) this.options.onFilled?.(activityId);
    for (const { waiting, outcome } of answered) if (!isTryAgain(outcome)) this.answer(waiting, outcome);
    const again = later.filter((w) => w.phase !== "answered");
    if (again.length > 0) {
      // In flight: the lane stays until this batch is done.
      for (const w of again) {
        w.deferred += 1;
        w.phase = "queued";
      }
      this.laneOf(activityId).waiting.unshift(...again);
    }
  }

  /**
   * One transaction for the batch (again after a deadlock or serialization failure). It takes in the
   * joins still due when it begins (the others are answered "unavailable" there and then); a failure
   * after its COMMIT was sent that the server did not answer leaves the outcome unknown.
   */
  private async transaction(activityId: string, batch: Waiting[], deferBusyCash: boolean): Promise<{ members: Waiting[]; outcomes: JoinOutcome[] }> {
    for (let attempt = 1; ; attempt++) {
      let members: Waiting[] = [];
      let committing = false;
      try {
        const outcomes = await this.db.transaction(async (tx) => {
          members = this.admit(batch);
          if (members.length === 0) return [];
          const out = await joinActivityBatch(tx, this.clock, activityId, members.map((w) => w.request), { deferBusyCash });
          committing = true;
          return out;
        });
        return { members, outcomes };
      } catch (error) {
        if (committing && !isServerAnswer(error)) throw new DomainError("JOIN_OUTCOME_UNKNOWN");
        // Rolled back: nothing of it was committed.
        for (const w of members) if (w.phase === "committing") w.phase = "batched";
        if (attempt >= ATTEMPTS || !TRANSIENT.has(pgCode(error) ?? "")) throw error;
      }
    }
  }

  /** The joins of a batch that go into the transaction just begun: those not answered and still within their deadline. */
  private admit(batch: Waiting[]): Waiting[] {
    const now = performance.now();
    const members: Waiting[] = [];
    for (const w of batch) {
      if (w.phase === "answered") continue;
      if (now >= w.deadline) {
        this.answer(w, { ok: false, error: unavailable() });
        continue;
      }
      w.phase = "committing";
      members.push(w);
    }
    return members;
  }
}

const NO_ANSWER: JoinOutcome = { ok: false, error: new DomainError("INTERNAL") };

const isTryAgain = (o: JoinOutcome) => !o.ok && o.error.code === "TRY_AGAIN";
