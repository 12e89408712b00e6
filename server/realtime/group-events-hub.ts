import "server-only";
import postgres from "postgres";
import { env } from "../env";
import { GROUP_EVENTS_CHANNEL, type GroupEvent } from "../domain/groups/notify-group-event";

type Listener = (event: GroupEvent) => void;

/**
 * One LISTEN connection per app instance, fanned out to that instance's SSE clients. Events are
 * sent with pg_notify inside the business transaction, so every instance hears every commit and
 * nothing that rolled back.
 */
class GroupEventsHub {
  private listeners = new Set<Listener>();
  private started: Promise<void> | null = null;

  subscribe(listener: Listener): () => void {
    // The database away when the first client came: no LISTEN yet; the next subscriber tries again.
    this.started ??= this.listen().catch((e: unknown) => {
      console.warn(`[group-events] LISTEN failed: ${String((e as { code?: unknown }).code ?? e)}`);
      this.started = null;
    });
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async listen(): Promise<void> {
    const sql = postgres(env().DATABASE_URL, { max: 1, onnotice: () => {} });
    await sql.listen(GROUP_EVENTS_CHANNEL, (payload) => {
      let event: GroupEvent;
      try {
        event = JSON.parse(payload) as GroupEvent;
      } catch {
        return;
      }
      for (const l of this.listeners) l(event);
    });
  }
}

const globalForHub = globalThis as unknown as { pinpinGroupEvents?: GroupEventsHub };
export const groupEventsHub = (globalForHub.pinpinGroupEvents ??= new GroupEventsHub());
