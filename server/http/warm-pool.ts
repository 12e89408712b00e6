import "server-only";
import { readLiveSession } from "../domain/auth/sessions";
import { systemClock } from "../domain/shared/clock";
import { appDb } from "../db";
import { env } from "../env";

/** A session id no row has: the check runs in full and finds nothing. */
const NO_SESSION = "00000000-0000-4000-8000-000000000000";

/**
 * Opens the whole pool at start-up and prepares, on each connection, the statement every request
 * runs first (the session check), so the first shoppers after a start do not queue behind
 * connection set-up (issue 16's cold start). A database that is away only delays this: requests
 * then fail fast on their own bounds.
 */
export async function warmPool(): Promise<void> {
  const db = appDb();
  const started = Date.now();
  try {
    await Promise.all(Array.from({ length: env().DB_POOL_MAX }, () => readLiveSession(db, systemClock, NO_SESSION)));
  } catch (e) {
    console.warn(`[serve] the database pool could not be warmed: ${(e as Error).message}`);
    return;
  }
  console.log(`[serve] database pool warm (${env().DB_POOL_MAX} connections, ${Date.now() - started} ms)`);
}
