import { clientIp } from "./client-ip";

const LOOPBACK = new Set(["127.0.0.1", "::1"]);

/** Whether the request comes from this machine (the client's address from the socket, scripts/serve.ts): the sandboxes' dev pages are for it alone. */
export function fromThisMachine(headers: Headers): boolean {
  return LOOPBACK.has(clientIp(headers));
}
