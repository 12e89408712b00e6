import { describe, it } from "vitest";
import { RuleTester } from "eslint";
import rule from "../../eslint-rules/no-unscoped-write.mjs";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const tester = new RuleTester({ languageOptions: { ecmaVersion: 2022, sourceType: "module" } });

tester.run("no-unscoped-write", rule, {
  valid: [
    "sql`UPDATE groups SET status = 'full' WHERE id = ${id}`",
    "sql`DELETE FROM sessions WHERE user_id = ${u}`",
    "sql`WITH x AS (UPDATE entries e SET outcome = v.o FROM v WHERE e.id = v.id RETURNING 1) SELECT 1`",
    "sql`INSERT INTO t (a) VALUES (1) ON CONFLICT (a) DO UPDATE SET a = excluded.a`",
    "sql`SELECT id FROM groups WHERE activity_id = ${a} FOR UPDATE`",
    "sql`SELECT 1 FROM ledger_accounts ORDER BY id FOR NO KEY UPDATE SKIP LOCKED`",
    "other`UPDATE t SET a = 1`",
    "tx.update(orders).set({ status: 'paid' }).where(eq(orders.id, id))",
    "db.update(orders).set({ status: 'paid' }).where(eq(orders.id, id)).returning()",
    "tx.delete(sessions).where(eq(sessions.id, id))",
    "seen.delete(key)",
    "map.update(x).set(y)",
  ],
  invalid: [
    { code: "sql`UPDATE ledger_accounts SET balance = 0`", errors: [{ messageId: "rawSql" }] },
    { code: "sql`update settlement_runs set status = 'failed'`", errors: [{ messageId: "rawSql" }] },
    { code: "sql`DELETE FROM audit_log`", errors: [{ messageId: "rawSql" }] },
    { code: "tx.update(orders).set({ status: 'paid' })", errors: [{ messageId: "builder" }] },
    { code: "ctx.db.update(orders).set({ status: 'paid' }).returning()", errors: [{ messageId: "builder" }] },
    { code: "db.delete(sessions)", errors: [{ messageId: "builder" }] },
  ],
});
