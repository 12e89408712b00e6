import { BlockList, isIP } from "node:net";

/**
 * The one header the app reads a client's address from. Only our HTTP server (scripts/serve.ts)
 * writes it, always overwriting what a client sent: the socket's address, or, when that socket is
 * one of TRUSTED_PROXIES, the address those proxies forwarded.
 */
export const CLIENT_IP_HEADER = "x-pinpin-client-ip";

export function clientIp(headers: Pick<Headers, "get">): string {
  return headers.get(CLIENT_IP_HEADER) || "unknown";
}

/** TRUSTED_PROXIES: comma-separated addresses and CIDR ranges (IPv4 or IPv6); empty trusts none. */
export function parseTrustedProxies(value: string): BlockList {
  const list = new BlockList();
  for (const raw of value.split(",").map((s) => s.trim()).filter(Boolean)) {
    const [address = "", bits] = raw.split("/");
    const family = isIP(address);
    if (!family) throw new Error(`TRUSTED_PROXIES: "${raw}" is not an IP address or CIDR range`);
    const type = family === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) list.addAddress(address, type);
    else {
      const prefix = Number(bits);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 6 ? 128 : 32)) throw new Error(`TRUSTED_PROXIES: "${raw}" has a bad prefix length`);
      list.addSubnet(address, prefix, type);
    }
  }
  return list;
}

function unmapped(address: string): string {
  return address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/** Whether a socket address is one of TRUSTED_PROXIES (only then are its forwarding headers read). */
export function isTrustedProxy(list: BlockList, peer: string | undefined): boolean {
  return peer !== undefined && trusted(list, unmapped(peer));
}

function trusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? "ipv6" : "ipv4");
}

/**
 * The client's address: the socket peer, unless the peer is a trusted proxy; then X-Forwarded-For
 * is read from the right, skipping trusted proxies, and the first address that is not one is the
 * client (the left part of the header is whatever the client wrote, so it is never taken on trust).
 */
export function resolveClientIp(peer: string | undefined, forwardedFor: string | undefined, proxies: BlockList): string {
  let client = unmapped(peer ?? "");
  if (!client) return "unknown";
  if (!trusted(proxies, client) || !forwardedFor) return client;
  const hops = forwardedFor.split(",").map((s) => unmapped(s.trim()));
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] ?? "";
    if (!isIP(hop)) return client; // garbage in the chain: stop at the last address we could vouch for
    client = hop;
    if (!trusted(proxies, hop)) return hop;
  }
  return client;
}
