#!/usr/bin/env node
// Patches postgres.js (the `postgres` package, pinned at 3.4.9) where a dropped connection crashes the
// process: `uncaughtException: TypeError: Cannot read properties of null (reading 'write')`.
//
// The cause (src/connection.js): when a connection closes, `closed()` sets `socket = null`. A
// transaction (`sql.begin`, which drizzle's `db.transaction` uses) whose query was in flight then
// sends its own ROLLBACK on that same connection from its catch block; `execute()` buffers it and
// schedules `nextWrite` with setImmediate, which calls `socket.write` on null. The throw happens in
// the immediate, outside any promise, so no caller can catch it. (porsager/postgres issues 1066,
// 1154, 1208; unfixed in 3.4.10, the last 3.4.x, whose only change is elsewhere in `execute`.)
// Two quieter faults sit next to it. `closed()` cancels a pending write's immediate but keeps its
// bytes and the cancelled timer, so the next connection on that slot would put them in front of its
// start-up message and never flush it. And it rejects the query in flight but keeps it, with any
// error the server sent just before closing (57P01 on a shutdown): the slot's next connection then
// fails its first query with that stale error, and `sql.end()` waits forever for the dead query.
//
// The patch, four edits in each copy of connection.js (ESM, CommonJS, Cloudflare):
//  1. `execute(q)` on a connection without a socket (it closed; the pool never hands such a
//     connection a query, only a transaction or reservation still holding it does) rejects the query
//     with CONNECTION_CLOSED and writes nothing: the caller's ROLLBACK fails like the query before it;
//  2. `nextWrite` without a socket drops the bytes (unreachable after 1; a guard, not a path);
//  3. `closed()` drops the unsent bytes and the cancelled timer with the socket, and forgets the query
//     and server error of the dead connection once it has rejected that query.
// Idempotent (a marker says a file is done); refuses, loudly, a driver whose code differs, so an
// upgrade is looked at rather than silently left unpatched. Runs at `npm ci` (postinstall) and
// before `npm start` / `npm test` (scripts/ensure-deps.mjs). tests/db/connection-loss.test.ts proves it.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const MARKER = "/* pinpin: closed-socket patch */";
const VERSIONS = ["3.4.9"];

const EDITS = [
  {
    what: "execute() refuses a closed connection",
    from: "    if (q.cancelled)\n      return\n\n    try {\n      q.state = backend",
    to:
      "    if (q.cancelled)\n      return\n\n" +
      `    ${MARKER}\n` +
      "    if (!socket) {\n      queryError(q, Errors.connection('CONNECTION_CLOSED', options))\n      return true\n    }\n\n" +
      "    try {\n      q.state = backend",
  },
  {
    what: "nextWrite() without a socket",
    from: "  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)",
    to: "  function nextWrite(fn) {\n    if (!socket) {\n      chunk = nextWriteTimer = null\n      return false\n    }\n    const x = socket.write(chunk, fn)",
  },
  {
    what: "closed() drops the unsent bytes",
    from: "    incomings = null\n    clearImmediate(nextWriteTimer)\n    socket.removeListener('data', data)",
    to: "    incomings = null\n    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n    socket.removeListener('data', data)",
  },
  {
    what: "closed() forgets the query it rejected",
    from: "    !hadError && (query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))\n",
    to: "    !hadError && (query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))\n    query = errorResponse = null\n",
  },
];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const pkgDir = path.join(root, "node_modules", "postgres");

export function patchPostgresDriver() {
  if (!fs.existsSync(path.join(pkgDir, "package.json"))) return; // not installed yet (ensure-deps installs first)
  const { version } = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8"));
  const files = ["src", "cjs/src", "cf/src"].map((d) => path.join(pkgDir, d, "connection.js")).filter((f) => fs.existsSync(f));
  const pending = files.filter((f) => !fs.readFileSync(f, "utf8").includes(MARKER));
  if (pending.length === 0) return;
  if (!VERSIONS.includes(version)) {
    throw new Error(
      `postgres ${version} is installed; scripts/patch-postgres-driver.mjs knows ${VERSIONS.join(", ")}. ` +
        "Check whether this version still writes to a closed socket (see the script's header), then update the script.",
    );
  }
  for (const file of pending) {
    let text = fs.readFileSync(file, "utf8");
    for (const edit of EDITS) {
      const at = text.indexOf(edit.from);
      if (at < 0 || text.indexOf(edit.from, at + 1) >= 0) throw new Error(`${path.relative(root, file)}: cannot apply "${edit.what}" (the code differs from postgres ${version}'s)`);
      text = text.slice(0, at) + edit.to + text.slice(at + edit.from.length);
    }
    fs.writeFileSync(file, text);
  }
  console.log(`Patched postgres ${version} (closed-socket writes): ${pending.map((f) => path.relative(pkgDir, f)).join(", ")}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) patchPostgresDriver();
