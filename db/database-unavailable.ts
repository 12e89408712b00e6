/**
 * Which failures mean "the database is away or too slow right now" (retryable, answered as
 * SERVICE_UNAVAILABLE), and whether an error came from the server itself or from the connection to
 * it. Looks through drizzle's wrapping (`cause`).
 */

/** A query or transaction that waited longer than its bound for a pooled connection (db/bounded-wait.ts). */
export class DatabaseWaitTimeout extends Error {
  readonly code = "DB_WAIT_TIMEOUT";
  constructor(ms: number) {
    super(`no database connection within ${ms} ms`);
    this.name = "DatabaseWaitTimeout";
  }
}

/** postgres.js's own codes for a connection that failed, closed or never opened, and the socket's. */
const CONNECTION_CODES = new Set([
  "DB_WAIT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "CONNECTION_ENDED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/**
 * SQLSTATEs of a server that is going away, starting, overloaded or that cancelled a statement:
 * 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now, 53300 too many connections,
 * 57014 statement timeout (or a queued query cancelled by its wait bound); class 08 connection exceptions.
 */
const UNAVAILABLE_STATES = new Set(["57P01", "57P02", "57P03", "53300", "57014"]);

function causes(e: unknown): { code?: unknown; name?: unknown }[] {
  const out: { code?: unknown; name?: unknown }[] = [];
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === "object"; i++) {
    out.push(cur as { code?: unknown; name?: unknown });
    cur = (cur as { cause?: unknown }).cause;
  }
  return out;
}

/** The database is away, starting, shutting down, out of connections or timed out: try again shortly. */
export function isDatabaseUnavailable(e: unknown): boolean {
  return causes(e).some(({ code }) => typeof code === "string" && (CONNECTION_CODES.has(code) || UNAVAILABLE_STATES.has(code) || code.startsWith("08")));
}

/**
 * The server itself answered with this error (a PostgresError with an SQLSTATE), so the statement it
 * answered did not take effect; false for a connection that was lost with the answer unknown.
 */
export function isServerAnswer(e: unknown): boolean {
  return causes(e).some(({ name, code }) => name === "PostgresError" && typeof code === "string" && !code.startsWith("08") && code !== "57P01" && code !== "57P02");
}
