import type postgres from "postgres";
import { DatabaseWaitTimeout } from "./database-unavailable";

/** postgres.js sets a query's `state` when it writes it to a live connection (connection.js `execute`). */
const sentToServer = (q: object) => !!(q as { state?: unknown }).state;

/**
 * The pool client with a bound on the wait for a connection, which postgres.js does not have: while
 * the database is away, queries queue for connections that retry in turn, each failed attempt
 * releasing one, and a queue of hundreds drains over many seconds. With this, a query not written to
 * a connection within `waitMs` fails with DatabaseWaitTimeout (once written, the server's statement
 * timeout bounds it). A transaction whose BEGIN has not been answered within `waitMs` fails the same
 * way, and if it starts later its callback refuses to run, so it rolls back with nothing written:
 * a caller told "failed" is never committed behind its back. A plain query abandoned while queued may
 * still run when a connection frees (its answer goes nowhere): reads, and the idempotent touches made
 * outside transactions; every money path is a transaction.
 *
 * Only the pool's own calls are bounded: inside a transaction the connection is already held.
 */
export function boundedWaitClient<T extends postgres.Sql>(client: T, waitMs: number): T {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === "unsafe") {
        return (query: string, params?: unknown[], options?: postgres.UnsafeQueryOptions) => boundQuery(target.unsafe(query, params as never, options), waitMs);
      }
      if (prop === "begin") {
        return (...args: unknown[]) => {
          const callback = args.at(-1) as (inner: postgres.Sql) => unknown;
          const begin = Reflect.get(target, prop, receiver) as (...a: unknown[]) => Promise<unknown>;
          let phase: "waiting" | "running" | "abandoned" = "waiting";
          const run = begin.apply(target, [
            ...args.slice(0, -1),
            (inner: postgres.Sql) => {
              if (phase === "abandoned") throw new DatabaseWaitTimeout(waitMs);
              phase = "running";
              return callback(inner);
            },
          ]);
          return new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
              if (phase !== "waiting") return;
              phase = "abandoned";
              reject(new DatabaseWaitTimeout(waitMs));
            }, waitMs);
            run.then(
              (value) => (clearTimeout(timer), resolve(value)),
              (error: unknown) => (clearTimeout(timer), reject(error)),
            );
          });
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

/**
 * The same query object (drizzle calls `.values()` on it and awaits it), whose awaiting fails with
 * DatabaseWaitTimeout if the query is still queued for a connection after `waitMs`.
 */
function boundQuery<Q extends PromiseLike<unknown>>(q: Q, waitMs: number): Q {
  const then = q.then.bind(q);
  let bounded: Promise<unknown> | undefined;
  Object.defineProperty(q, "then", {
    configurable: true,
    value(onFulfilled?: (v: unknown) => unknown, onRejected?: (e: unknown) => unknown) {
      bounded ??= new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          if (!sentToServer(q)) reject(new DatabaseWaitTimeout(waitMs));
        }, waitMs);
        then(
          (value: unknown) => (clearTimeout(timer), resolve(value)),
          (error: unknown) => (clearTimeout(timer), reject(error)),
        );
      });
      return bounded.then(onFulfilled, onRejected);
    },
  });
  return q;
}
