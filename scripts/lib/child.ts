import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the program could not be started at all (ENOENT, EACCES …). */
  error?: Error;
}

export interface ManagedChild {
  readonly process: ChildProcess;
  /** Settles once, when the process has exited (or failed to start). */
  readonly exited: Promise<ExitStatus>;
  isRunning(): boolean;
  /** Sends the stop signal, waits, and kills after `graceMs`; a no-op once the process has exited. */
  stop(graceMs?: number): Promise<ExitStatus>;
}

const running = new Map<ChildProcess, NodeJS.Signals>();

// Last resort for paths that exit without stopping their children (a crash, a second Ctrl-C):
// a detached child would otherwise outlive us, holding its port or data directory.
process.on("exit", () => {
  for (const [child, signal] of running) child.kill(signal);
});

/** Spawns a program that this process owns: it is stopped with `stopSignal` when we exit. */
export function startChild(
  command: string,
  args: readonly string[],
  options: SpawnOptions & { stopSignal?: NodeJS.Signals } = {},
): ManagedChild {
  const { stopSignal = "SIGTERM", ...spawnOptions } = options;
  const child = spawn(command, args, spawnOptions);
  running.set(child, stopSignal);
  let done = false;
  const exited = new Promise<ExitStatus>((resolve) => {
    const finish = (status: ExitStatus) => {
      if (done) return;
      done = true;
      running.delete(child);
      resolve(status);
    };
    child.once("error", (error) => finish({ code: null, signal: null, error }));
    child.once("exit", (code, signal) => finish({ code, signal }));
  });

  return {
    process: child,
    exited,
    isRunning: () => !done,
    async stop(graceMs = 15_000) {
      if (done) return exited;
      child.kill(stopSignal);
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Runs a program to completion with inherited output; rejects unless it exits with 0. */
export async function runToCompletion(
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): Promise<void> {
  const child = startChild(command, args, { stdio: "inherit", ...options });
  const status = await child.exited;
  if (status.error) throw status.error;
  if (status.code !== 0) {
    const how = status.signal ? `was stopped by ${status.signal}` : `exited with code ${status.code}`;
    throw new Error(`${[command, ...args].join(" ")} ${how}`);
  }
}
