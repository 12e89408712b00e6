import fc from "fast-check";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgArray } from "@/db/pg-array";
import { createTestDb, type TestDb } from "../helpers/test-db";

/** pgArray's literal must come back from PostgreSQL exactly as the values went in, whatever they hold. */
let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ max: 2 });
});
afterAll(() => t.drop());

describe("pgArray", () => {
  it("round-trips any strings (quotes, backslashes, commas, braces, 'NULL', empty) and nulls through text[]", async () => {
    const value = fc.option(fc.oneof(fc.string(), fc.constantFrom('"', "\\", ",", "{}", "NULL", "", " a b ", '\\"x\\"', "用户1234")), { nil: null });
    await fc.assert(
      fc.asyncProperty(fc.array(value, { maxLength: 12 }), async (values) => {
        // eslint-disable-next-line no-control-regex -- PostgreSQL text holds no NUL: the test removes it
        const clean = values.map((v) => (v === null ? null : v.replace(/\u0000/g, "")));
        // As JSON: postgres.js reads a NULL element of a text[] result back as the string "NULL".
        const [row] = await t.db.execute<{ back: (string | null)[] }>(sql`SELECT to_json(${pgArray(clean)}::text[]) AS back`);
        expect(row!.back).toEqual(clean);
      }),
      { numRuns: 150 },
    );
  });

  it("round-trips integers, negative and large (bigint), unquoted", async () => {
    const nums = [0, -1, 1999, 9_007_199_254_740_991, -9_007_199_254_740_991];
    expect(pgArray(nums)).toBe("{0,-1,1999,9007199254740991,-9007199254740991}");
    const [row] = await t.db.execute<{ back: string[] }>(sql`SELECT ${pgArray(nums)}::bigint[]::text[] AS back`);
    expect(row!.back.map(Number)).toEqual(nums);
  });
});
