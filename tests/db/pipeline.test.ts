import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pipeline } from "@/db/pipeline";
import { createTestDb, type TestDb } from "../helpers/test-db";

/**
 * Statements sent together in one round trip (db/pipeline.ts): the join batch relies on the server
 * running them in the order given (the open group is full before the next one opens, the groups exist
 * before their entries), and on the first failure being the one reported.
 */
let t: TestDb;

beforeAll(async () => {
  t = await createTestDb({ max: 4 });
  await t.db.execute(sql`CREATE TABLE pipeline_t (n int PRIMARY KEY, seen bigint NOT NULL)`);
});
afterAll(() => t.drop());

describe("prepared statements (db/prepared-statements.ts)", () => {
  it("drizzle's queries run as named prepared statements on their connection, in transactions and savepoints too", async () => {
    const prepared = await t.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT ${1}::int AS probe_outer`);
      await tx.transaction((sp) => sp.execute(sql`SELECT ${2}::int AS probe_inner`));
      return tx.execute<{ statement: string }>(sql`SELECT statement FROM pg_prepared_statements WHERE statement LIKE ${"%probe_%"} AND statement NOT LIKE ${"%pg_prepared_statements%"}`);
    });
    expect(prepared.map((p) => p.statement.trim()).sort()).toEqual(["SELECT $1::int AS probe_inner", "SELECT $1::int AS probe_outer"]);
  });
});

describe("pipeline", () => {
  it("runs statements in order within the transaction, each seeing what the earlier ones wrote", async () => {
    const steps = Array.from({ length: 40 }, (_, i) => sql`INSERT INTO pipeline_t (n, seen) SELECT ${i}::int, count(*) FROM pipeline_t RETURNING n, seen`);
    const rows = await t.db.transaction((tx) => pipeline(tx, [null, ...steps, null]));
    expect(rows[0]).toBeNull();
    expect(rows.at(-1)).toBeNull();
    // Statement i saw exactly the i rows of the statements before it.
    expect(rows.slice(1, -1).map((r) => r![0])).toEqual(steps.map((_, i) => ({ n: i, seen: String(i) })));
  });

  it("reports the first failing statement's error, and the transaction writes nothing", async () => {
    await t.db.execute(sql`TRUNCATE pipeline_t`);
    const attempt = t.db.transaction((tx) =>
      pipeline(tx, [sql`INSERT INTO pipeline_t VALUES (1, 0)`, sql`INSERT INTO pipeline_t VALUES (1, 0)`, sql`INSERT INTO pipeline_t VALUES (2, 0)`]),
    );
    await expect(attempt).rejects.toMatchObject({ code: "23505" });
    const [n] = await t.db.execute<{ n: string }>(sql`SELECT count(*) AS n FROM pipeline_t`);
    expect(Number(n!.n)).toBe(0);
  });

  it("outside a transaction opens one, so the order still holds", async () => {
    await t.db.execute(sql`TRUNCATE pipeline_t`);
    const rows = await pipeline(t.db, [sql`INSERT INTO pipeline_t VALUES (1, 0)`, sql`SELECT count(*)::int AS n FROM pipeline_t`]);
    expect(rows[1]).toEqual([{ n: 1 }]);
  });
});
