import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startChild, type ManagedChild } from "./child";

/**
 * The server's young generation: 64 MB semi-spaces instead of V8's default 16 MB. Each request
 * allocates short-lived objects (tRPC, superjson, drizzle, postgres.js); with more room they die
 * before a scavenge copies them. bench:http-join, web CPU per join at 200 shoppers: 1.18–1.23 ms
 * without, 0.86–1.04 with; at 50 shoppers no clear difference (docs/performance.md). Memory: up to
 * 3 × 48 MB more young space.
 */
export const SERVER_HEAP_OPTIONS = "--max-semi-space-size=64";

export function nextBin(projectDir: string): string {
  return path.join(projectDir, "node_modules", ".bin", "next");
}

/**
 * The app's server (scripts/serve.ts: Next.js production, or dev, behind a Node server that sets the client's address) on `port`; stopping it (SIGTERM) lets it finish open requests.
 * With `ownProcessGroup`, Ctrl-C reaches only the launcher, which can then stop Next before the
 * database; without, whoever signals our process group (Playwright) reaches Next as well.
 */
export function startNext(
  projectDir: string,
  { mode, port, env, ownProcessGroup, nodeArgs }: { mode: "start" | "dev"; port: number; env: NodeJS.ProcessEnv; ownProcessGroup: boolean; nodeArgs?: string[] },
): ManagedChild {
  const args = [path.join(projectDir, "scripts", "serve.ts"), "--port", String(port), ...(mode === "dev" ? ["--dev"] : [])];
  env = { ...env, NODE_OPTIONS: [env.NODE_OPTIONS, SERVER_HEAP_OPTIONS].filter(Boolean).join(" ") };
  // Flags Node refuses in NODE_OPTIONS (`--cpu-prof` for the benches) need node itself, with tsx as its loader.
  if (nodeArgs?.length) {
    return startChild(process.execPath, [...nodeArgs, "--import", "tsx", ...args], { cwd: projectDir, env, stdio: ["ignore", "inherit", "inherit"], detached: ownProcessGroup, stopSignal: "SIGTERM" });
  }
  return startChild(path.join(projectDir, "node_modules", ".bin", "tsx"), args, {
    cwd: projectDir,
    env,
    stdio: ["ignore", "inherit", "inherit"],
    detached: ownProcessGroup,
    stopSignal: "SIGTERM",
  });
}

/**
 * Resolves once `url` answers HTTP at all (any status); rejects if `server` exits first or time
 * runs out. A request may be slow (`next dev` compiles the page on first request).
 */
export async function waitUntilServing(url: string, server: ManagedChild, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const exited = server.exited.then((status) => {
    throw new Error(`Next.js exited before serving (${status.error?.message ?? `code ${status.code}`})`);
  });
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    const attempt = fetch(url, { signal: AbortSignal.timeout(remaining), redirect: "manual" });
    const answered = await Promise.race([attempt.then(() => true, () => false), exited]);
    if (answered) return;
    await sleep(250);
  }
}
