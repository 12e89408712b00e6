import { createDb } from "../../db/client";
import { FixedClock } from "../../server/domain/shared/clock";

/** Runs `fn` against the e2e server's database (to arrange or inspect state), with a clock at now. */
export async function onDb<T>(fn: (db: ReturnType<typeof createDb>["db"], clock: FixedClock) => Promise<T>): Promise<T> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set");
  const handle = createDb(url, { max: 2 });
  try {
    return await fn(handle.db, new FixedClock(new Date()));
  } finally {
    await handle.close();
  }
}
