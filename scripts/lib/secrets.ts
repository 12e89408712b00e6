import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const NAMES = ["AUTH_SECRET", "GATEWAY_WEBHOOK_SECRET", "PAYOUT_CALLBACK_SECRET"] as const;
export type Secrets = Record<(typeof NAMES)[number], string>;

/**
 * The app's secrets: each from the environment if set there, else from `file`, where any
 * missing one is generated once and kept (mode 600), so sessions survive a restart.
 */
export function loadSecrets(file: string): Secrets {
  const stored: Partial<Secrets> = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
  const secrets = {} as Secrets;
  let generated = false;
  for (const name of NAMES) {
    const value = process.env[name] || stored[name];
    if (value) {
      secrets[name] = value;
    } else {
      secrets[name] = stored[name] = randomBytes(32).toString("hex");
      generated = true;
    }
  }
  if (generated) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  }
  return secrets;
}
