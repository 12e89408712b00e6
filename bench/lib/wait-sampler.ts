import postgres from "postgres";

/**
 * Samples pg_stat_activity for one database every `intervalMs` (over its own connection) and
 * tallies what its client backends were doing: on CPU, waiting on a lock (by kind), on WAL or
 * I/O, or idle in a transaction while the client computes or the next statement is in flight.
 */
export interface WaitProfile {
  ticks: number;
  /** category → backend-samples */
  counts: Map<string, number>;
}

export function startWaitSampler(adminUrl: string, dbName: string, intervalMs = 10): { stop(): Promise<WaitProfile> } {
  const client = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const counts = new Map<string, number>();
  let ticks = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const rows = await client<{ state: string | null; wait_event_type: string | null; wait_event: string | null }[]>`
        SELECT state, wait_event_type, wait_event FROM pg_stat_activity
        WHERE datname = ${dbName} AND backend_type = 'client backend' AND pid <> pg_backend_pid()`;
      ticks++;
      for (const r of rows) {
        const c = categorize(r);
        counts.set(c, (counts.get(c) ?? 0) + 1);
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await client.end({ timeout: 5 });
      return { ticks, counts };
    },
  };
}

function categorize(r: { state: string | null; wait_event_type: string | null; wait_event: string | null }): string {
  if (r.state === "idle") return "idle, no transaction open (client between transactions)";
  if (r.state?.startsWith("idle in transaction")) return "idle in transaction (round trip / client code)";
  if (r.state !== "active") return `state ${r.state ?? "?"}`;
  if (!r.wait_event_type) return "active, on CPU (or runnable)";
  // For heavyweight locks the wait event is the lock type.
  if (r.wait_event_type === "Lock") {
    const what: Record<string, string> = {
      advisory: "advisory (seat / user / draw queue)",
      transactionid: "row lock (another transaction's update)",
      tuple: "row lock (tuple)",
      object: "object (NOTIFY's cluster-wide commit lock)",
    };
    return `Lock wait: ${what[r.wait_event ?? ""] ?? r.wait_event ?? "?"}`;
  }
  // Mid-statement: after Parse/Describe/Flush the backend stays "active" while it waits for the Bind.
  if (r.wait_event_type === "Client") return `active, Client:${r.wait_event} (mid-statement, waiting for the client)`;
  return `${r.wait_event_type}:${r.wait_event}`;
}
