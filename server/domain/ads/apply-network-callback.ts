import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { adCallbacks, adViews } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { isDomainError } from "../shared/errors";
import { finishAdView } from "./finish-ad-view";
import type { NetworkCallback } from "./ssv/network-callback";

export interface CallbackOutcome {
  /** Whether the view this callback names was credited (now, or by an earlier copy of it). */
  credited: boolean;
  /** `credited`, or `refused:<code>`: what was decided the first time this transaction id arrived. */
  outcome: string;
  duplicate: boolean;
}

/**
 * A verified network callback (signature checked by its adapter) credits the view whose single-use
 * nonce it carries, if that view is this network's, this user's and still open. The first copy of a
 * (network, transaction id) decides; duplicates, replays and concurrent copies (which wait on the
 * first's row) get the same answer and change nothing. A refusal is recorded too.
 */
export async function applyNetworkCallback(db: Db, clock: Clock, callback: NetworkCallback, query: string): Promise<CallbackOutcome> {
  return db.transaction(async (tx) => {
    const [fresh] = await tx
      .insert(adCallbacks)
      .values({ network: callback.network, transactionId: callback.transactionId, outcome: "pending", query, receivedAt: clock.now() })
      .onConflictDoNothing()
      .returning({ network: adCallbacks.network });
    if (!fresh) {
      const [first] = await tx.select({ outcome: adCallbacks.outcome }).from(adCallbacks).where(and(eq(adCallbacks.network, callback.network), eq(adCallbacks.transactionId, callback.transactionId)));
      return { credited: first?.outcome === "credited", outcome: first?.outcome ?? "pending", duplicate: true };
    }
    const [view] = await tx.select().from(adViews).where(eq(adViews.nonce, callback.nonce));
    let outcome = "credited";
    const own = view && view.userId === callback.userId && view.network === callback.network ? view : null;
    if (!own) outcome = "refused:NOT_FOUND";
    else {
      try {
        // A savepoint: a refusal (view no longer open, daily cap, frozen shopper) undoes the credit, not the record.
        await tx.transaction((sp) => finishAdView(sp, clock, own));
        await tx.update(adViews).set({ transactionId: callback.transactionId }).where(eq(adViews.id, own.id));
      } catch (e) {
        if (!isDomainError(e)) throw e;
        outcome = `refused:${e.code}`;
      }
    }
    await tx.update(adCallbacks).set({ outcome, viewId: own?.id ?? null }).where(and(eq(adCallbacks.network, callback.network), eq(adCallbacks.transactionId, callback.transactionId)));
    return { credited: outcome === "credited", outcome, duplicate: false };
  });
}
