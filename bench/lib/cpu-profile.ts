import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fixed, formatTable } from "./table";

/**
 * What a `node --cpu-prof` profile of the server spent its time on: self time by function and by
 * where the code comes from (a package, the app's build, Node's internals), idle excluded.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code comes from: the package under node_modules, the app's build, Node itself, or V8's pseudo-frames. */
export function codeArea(url: string, functionName: string, projectDir: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  if (url.startsWith("node:")) return "node internals";
  const file = url.replace(/^file:\/\//, "");
  const nm = file.lastIndexOf("/node_modules/");
  if (nm >= 0) {
    const rest = file.slice(nm + "/node_modules/".length).split("/");
    const pkg = rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
    if (pkg === "next") {
      const compiled = /\/dist\/compiled\/([^/]+(?:\/[^/]+)?)\//.exec(file);
      return compiled ? `next (compiled ${compiled[1]})` : "next";
    }
    return pkg;
  }
  if (file.includes("/.next/")) return "app build (.next)";
  return path.relative(projectDir, file) || file;
}

/** Self time (ms) per node id of one profile. */
function selfTimes(profile: CpuProfile): Map<number, number> {
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  return self;
}

interface Tally {
  file: string;
  busy: number;
  byFunction: Map<string, number>;
  byArea: Map<string, number>;
}

function tally(file: string, p: CpuProfile, projectDir: string): Tally {
  const self = selfTimes(p);
  const t: Tally = { file, busy: 0, byFunction: new Map(), byArea: new Map() };
  for (const node of p.nodes) {
    const ms = self.get(node.id) ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    if (ms === 0 || functionName === "(idle)") continue;
    t.busy += ms;
    const area = codeArea(url, functionName, projectDir);
    const fn = `${functionName || "(anonymous)"}  ${url ? `${path.basename(url)}:${lineNumber + 1}` : ""}  [${area}]`;
    t.byFunction.set(fn, (t.byFunction.get(fn) ?? 0) + ms);
    t.byArea.set(area, (t.byArea.get(area) ?? 0) + ms);
  }
  return t;
}

/** A summary of the busiest .cpuprofile in `dir` (one per thread: the server's main thread, the module loader's). */
export async function summarizeCpuProfiles(dir: string, projectDir: string, top = 30): Promise<string> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".cpuprofile"));
  if (files.length === 0) return `no .cpuprofile in ${dir}`;
  const tallies = await Promise.all(files.map(async (f) => tally(f, JSON.parse(await readFile(path.join(dir, f), "utf8")) as CpuProfile, projectDir)));
  tallies.sort((a, b) => b.busy - a.busy);
  const t = tallies[0]!;
  const pct = (ms: number) => `${fixed((100 * ms) / Math.max(1e-9, t.busy), 1)}%`;
  const sorted = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  return [
    `CPU profile ${t.file}: ${fixed(t.busy, 0)} ms on CPU (idle excluded), the whole life of the server`,
    "Self time by where the code comes from:",
    formatTable(["area", "self ms", "share"], sorted(t.byArea, 20).map(([k, v]) => [k, fixed(v, 0), pct(v)])),
    `Top ${top} functions by self time:`,
    formatTable(["function  file:line  [area]", "self ms", "share"], sorted(t.byFunction, top).map(([k, v]) => [k, fixed(v, 0), pct(v)])),
  ].join("\n");
}
