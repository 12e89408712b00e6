type Step = () => unknown;

const steps: Step[] = [];
let stopping = false;

/** Registers a stop step; steps run in reverse order of registration (last started, first stopped). */
export function onShutdown(step: Step): void {
  steps.push(step);
}

export function isShuttingDown(): boolean {
  return stopping;
}

/** Runs every stop step once, even if some fail, then exits with `code`. */
export async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const step of steps.reverse()) {
    try {
      await step();
    } catch (error) {
      console.error("while stopping:", error);
    }
  }
  process.exit(code);
}

/**
 * Ctrl-C, SIGTERM and a closed terminal stop everything in order; a clean stop on request
 * exits 0. Repeated signals are ignored: Ctrl-C reaches us both from the terminal and relayed
 * by npm/tsx, and every stop step is bounded by a timeout anyway.
 */
export function shutdownOnSignals(): void {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      console.log(`\n${signal}: stopping…`);
      void shutdown(0);
    });
  }
}

/** For a process that should run until we stop it: if it exits on its own, stop the rest and fail. */
export function shutdownIfItExits(name: string, exited: Promise<unknown>): void {
  void exited.then(() => {
    if (stopping) return;
    console.error(`${name} stopped unexpectedly; stopping.`);
    void shutdown(1);
  });
}
