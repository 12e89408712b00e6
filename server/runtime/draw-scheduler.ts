import type { Db } from "@/db/client";
import type { Clock } from "../domain/shared/clock";
import { drawPendingGroups } from "../domain/groups/draw-group";

/**
 * Draws full groups right after the commit that filled them, off the joining shopper's request:
 * at most one drawing loop per activity in this process (draws of an activity must run in the order
 * its groups closed anyway, under drawPendingGroups' lock), re-run when a kick arrives mid-loop. A
 * draw that fails or never starts here (crash, restart) is picked up by the stranded-draws job.
 */
export class DrawScheduler {
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly onError: (error: unknown, activityId: string) => void = (e, id) =>
      console.error(`[draw] activity ${id}: a draw or its after-draw step failed; the worker jobs (stranded draws, prize orders) pick it up`, e),
    /** Runs after a loop closed groups, in its own transactions (e.g. W-A prizes become store orders). */
    private readonly afterDraw?: (closedGroupIds: string[]) => Promise<unknown>,
  ) {}

  /** Starts (or extends) the drawing loop of an activity; resolves when that loop ends. */
  kick(activityId: string): Promise<void> {
    const current = this.running.get(activityId);
    if (current) {
      this.again.add(activityId);
      return current;
    }
    const loop = this.drain(activityId);
    this.running.set(activityId, loop);
    return loop;
  }

  /** Resolves when no drawing loop is running (tests, benchmarks and shutdown wait on it). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  private async drain(activityId: string): Promise<void> {
    await Promise.resolve(); // so kick() has recorded this loop before it can end
    for (;;) {
      this.again.delete(activityId);
      try {
        const closed = await drawPendingGroups(this.db, this.clock, activityId);
        if (closed.length > 0) await this.afterDraw?.(closed);
      } catch (error) {
        this.onError(error, activityId);
      }
      if (!this.again.has(activityId)) {
        this.running.delete(activityId);
        return;
      }
    }
  }
}
