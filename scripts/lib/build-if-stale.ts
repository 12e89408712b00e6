import fs from "node:fs";
import path from "node:path";
import { runToCompletion } from "./child";
import { nextBin } from "./next-server";

/** What `next build` reads; a change to any of them (or a file added or removed) needs a new build. */
const INPUTS = [
  "app",
  "components",
  "server",
  "db",
  "messages",
  "i18n",
  "public",
  "next.config.ts",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
];

function newerThan(file: string, since: number): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return undefined;
  }
  if (stat.mtimeMs > since) return file;
  if (!stat.isDirectory()) return undefined;
  for (const entry of fs.readdirSync(file)) {
    // Dotfiles (editor swap files) and tests are not part of the app.
    if (entry.startsWith(".") || /\.test\.tsx?$/.test(entry)) continue;
    const found = newerThan(path.join(file, entry), since);
    if (found) return found;
  }
  return undefined;
}

/** Why `.next` is out of date, or undefined when it is current. */
export function staleBuildReason(projectDir: string): string | undefined {
  const buildId = path.join(projectDir, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return "there is no production build yet";
  const builtAt = fs.statSync(buildId).mtimeMs;
  for (const input of INPUTS) {
    const changed = newerThan(path.join(projectDir, input), builtAt);
    if (changed) return `${path.relative(projectDir, changed)} changed since the last build`;
  }
  return undefined;
}

/** Runs `next build` when the sources are newer than the last build. */
export async function buildIfStale(projectDir: string, env: NodeJS.ProcessEnv): Promise<void> {
  const reason = staleBuildReason(projectDir);
  if (!reason) {
    console.log("The production build is up to date.");
    return;
  }
  console.log(`Building the app: ${reason}.`);
  const started = performance.now();
  await runToCompletion(nextBin(projectDir), ["build"], { cwd: projectDir, env: { ...env, NODE_ENV: "production" } });
  console.log(`Built in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}
