import { randomBytes } from "node:crypto";

/** A first-party cookie naming this browser: the ads' per-device daily cap counts by it. */
export const DEVICE_COOKIE = "pinpin_device";
const VALID = /^[A-Za-z0-9_-]{16,64}$/;

/** The device id a request carries, if it is one we could have issued. */
export function readDeviceId(value: string | undefined | null): string | null {
  return value && VALID.test(value) ? value : null;
}

export function newDeviceId(): string {
  return randomBytes(16).toString("base64url");
}

/** The Set-Cookie value issuing a device id: two years, HttpOnly, this site only. */
export function deviceCookie(id: string, secure: boolean): string {
  return `${DEVICE_COOKIE}=${id}; Path=/; Max-Age=${2 * 365 * 86_400}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}
