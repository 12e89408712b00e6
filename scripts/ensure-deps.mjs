#!/usr/bin/env node
// Runs before `npm start` and `npm test`: a fresh clone needs nothing done by hand. Installs the
// locked dependencies when node_modules is missing or older than package-lock.json. Plain Node,
// no dependencies of its own (it runs before there are any).
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { patchPostgresDriver } from "./patch-postgres-driver.mjs";

const installed = "node_modules/.package-lock.json";
const stale = !existsSync(installed) || statSync(installed).mtimeMs < statSync("package-lock.json").mtimeMs;
if (stale) {
  console.log("Installing dependencies (npm ci)…");
  const r = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
// The driver fix (postinstall does it at every install; here for a node_modules installed before it existed).
patchPostgresDriver();
