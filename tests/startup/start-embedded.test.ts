/**
 * `npm start` as the README gives it, with no DATABASE_URL: it must run its own PostgreSQL,
 * serve the app and the API, and on Ctrl-C stop both; a second start reuses the data.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildIfStale } from "@/scripts/lib/build-if-stale";

const projectDir = path.resolve(import.meta.dirname, "../..");

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Whether any process is left in process group `pgid` (npx, tsx, the launcher). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await sleep(100);
  return condition();
}

describe("npm start without DATABASE_URL", () => {
  let dataRoot: string;
  let dataDir: string;
  let appPort: number;
  let pgPort: number;
  let app: ChildProcess | undefined;
  let output = "";

  /** `npx tsx --conditions=react-server scripts/start.ts` (what `npm start` runs) in a process group of its own, as a terminal would run `npm start`. */
  function startApp(): ChildProcess {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: undefined, // the point of this test (spawn leaves out undefined variables)
      NODE_ENV: "production", // not vitest's "test"
      PORT: String(appPort),
      PINPIN_PG_PORT: String(pgPort),
      PINPIN_DATA_DIR: dataDir,
      // Given here, so the run writes no .data/secrets.json into the checkout.
      AUTH_SECRET: "startup-test-auth-secret-0000000000000000",
      GATEWAY_WEBHOOK_SECRET: "startup-test-webhook-secret-00000000000000",
    };
    output = "";
    const child = spawn("npx", ["tsx", "--conditions=react-server", "scripts/start.ts"], {
      cwd: projectDir,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    return child;
  }

  /** The first HTTP answer from `url` while the app runs (up to 4 minutes: it may still be building). */
  async function firstAnswer(url: string, child: ChildProcess): Promise<Response> {
    const deadline = Date.now() + 240_000;
    for (;;) {
      if (hasExited(child)) throw new Error(`npm start exited (${child.exitCode ?? child.signalCode}):\n${output}`);
      if (Date.now() > deadline) throw new Error(`no answer from ${url}:\n${output}`);
      try {
        return await fetch(url, { signal: AbortSignal.timeout(30_000) });
      } catch {
        await sleep(500);
      }
    }
  }

  /**
   * Signals the whole process group, as a terminal does, and waits for all of it to exit: npx
   * may exit on SIGTERM before the launcher has finished stopping Next.js and PostgreSQL.
   */
  async function stopApp(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
    const pgid = child.pid;
    if (pgid === undefined) throw new Error("npm start has no pid");
    process.kill(-pgid, signal);
    const stopped = await waitUntil(() => hasExited(child) && !groupAlive(pgid), 60_000);
    expect(stopped, `npm start still running after ${signal}:\n${output}`).toBe(true);
  }

  beforeAll(async () => {
    [appPort, pgPort] = [await freePort(), await freePort()];
    dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), "pinpin-start-"));
    fs.chmodSync(dataRoot, 0o755); // as root, PostgreSQL runs as the OS user postgres, which must traverse it
    dataDir = path.join(dataRoot, "pg");
    // Build once here, if the sources changed, so the timed start below is start-up only.
    await buildIfStale(projectDir, { ...process.env, NODE_ENV: "production" });
  }, 300_000);

  afterAll(async () => {
    const pgid = app?.pid;
    if (pgid !== undefined && groupAlive(pgid)) {
      process.kill(-pgid, "SIGINT");
      if (!(await waitUntil(() => !groupAlive(pgid), 30_000))) process.kill(-pgid, "SIGKILL");
    }
    // A database left running by a failed test would keep the data directory busy.
    const pidFile = path.join(dataDir, "postmaster.pid");
    if (fs.existsSync(pidFile)) {
      const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
      if (pid > 0) process.kill(pid, "SIGQUIT");
      await sleep(1_000);
    }
    fs.rmSync(dataRoot, { recursive: true, force: true });
  });

  it("serves the home page and a tRPC call from a new database, then stops app and database on Ctrl-C", async () => {
    app = startApp();
    const home = await firstAnswer(`http://127.0.0.1:${appPort}/`, app);
    expect(home.status).toBe(200);
    expect(output).toContain("Initialising a new PostgreSQL data directory");

    const ping = await fetch(`http://127.0.0.1:${appPort}/api/trpc/health.ping`);
    expect(ping.status).toBe(200);
    expect(await ping.text()).toContain('"ok":true');

    await stopApp(app, "SIGINT"); // what Ctrl-C does: the whole foreground process group
    expect(await isListening(pgPort)).toBe(false);
    expect(await isListening(appPort)).toBe(false);
    // A clean shutdown removes the lock file; a killed server would leave it.
    expect(fs.existsSync(path.join(dataDir, "postmaster.pid"))).toBe(false);
  }, 300_000);

  it("reuses the data on a second start and stops on SIGTERM", async () => {
    app = startApp();
    const ping = await firstAnswer(`http://127.0.0.1:${appPort}/api/trpc/health.ping`, app);
    expect(await ping.text()).toContain('"ok":true');
    // Printed once the launcher itself has seen the app answer, which may be just after our request.
    expect(await waitUntil(() => output.includes("Demo accounts"), 10_000), output).toBe(true);
    expect(output).not.toContain("Initialising");

    await stopApp(app, "SIGTERM");
    expect(await isListening(pgPort)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, "postmaster.pid"))).toBe(false);
  }, 300_000);
});
