/**
 * An UPDATE or DELETE that names no rows changes every row of its table. Flags:
 * - raw SQL in a `sql` tagged template whose text has UPDATE or DELETE FROM but no WHERE (a statement
 *   whose WHERE comes from an interpolated fragment says so with an eslint-disable and its reason);
 * - drizzle's `x.update(table).set(…)` and `tx.delete(table)` / `db.delete(table)` with no `.where(…)` in the chain.
 */
// Not an upsert's DO UPDATE, nor a row lock (FOR [NO KEY] UPDATE).
const WRITE = /(?<!\b(?:do|for|key)\s+)\b(update\s+["a-z_]|delete\s+from\b)/i;
const WHERE = /\bwhere\b/i;
const DB_NAMES = new Set(["tx", "db", "trx"]);

/** The calls chained after `node` (x.a().b().c()): the names of the methods called on it. */
function chainedCalls(node) {
  const names = [];
  let current = node;
  while (current.parent?.type === "MemberExpression" && current.parent.object === current && current.parent.parent?.type === "CallExpression") {
    const property = current.parent.property;
    if (property.type === "Identifier") names.push(property.name);
    current = current.parent.parent;
  }
  return names;
}

const isDbObject = (node) => (node.type === "Identifier" && DB_NAMES.has(node.name)) || (node.type === "MemberExpression" && node.property.type === "Identifier" && node.property.name === "db");

export default {
  meta: {
    type: "problem",
    docs: { description: "disallow UPDATE / DELETE without WHERE (raw SQL and drizzle)" },
    messages: {
      rawSql: "{{verb}} without WHERE in raw SQL changes every row: scope it.",
      builder: "{{verb}} without .where(…) changes every row: scope it.",
    },
    schema: [],
  },
  create(context) {
    return {
      TaggedTemplateExpression(node) {
        if (node.tag.type !== "Identifier" || node.tag.name !== "sql") return;
        const text = node.quasi.quasis.map((q) => q.value.cooked ?? q.value.raw).join(" ");
        const write = WRITE.exec(text);
        if (write && !WHERE.test(text)) context.report({ node, messageId: "rawSql", data: { verb: write[1].split(/\s/)[0].toUpperCase() } });
      },
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== "MemberExpression" || callee.property.type !== "Identifier") return;
        const name = callee.property.name;
        const isUpdateSet = name === "set" && callee.object.type === "CallExpression" && callee.object.callee.type === "MemberExpression" && callee.object.callee.property.type === "Identifier" && callee.object.callee.property.name === "update" && isDbObject(callee.object.callee.object);
        const isDelete = name === "delete" && node.arguments.length === 1 && isDbObject(callee.object);
        if (!isUpdateSet && !isDelete) return;
        if (!chainedCalls(node).includes("where")) context.report({ node, messageId: "builder", data: { verb: isDelete ? "DELETE" : "UPDATE" } });
      },
    };
  },
};
