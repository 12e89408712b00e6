/**
 * The app's HTTP server: Next.js behind a plain Node server, so that the client's address comes
 * from the socket. Before Next sees a request, CLIENT_IP_HEADER is overwritten with the socket's
 * address, or, when the socket is one of TRUSTED_PROXIES, the address those proxies forwarded; from
 * any other peer the forwarding headers are dropped, so a client cannot pose as someone else (login
 * throttling, ad caps and the audit log all read this one header).
 *
 * In production it answers the tRPC endpoint (/api/trpc/…) itself, with the same headers, Origin
 * guard and session as Next's route (server/api/trpc-node-handler.ts), and warms the database pool
 * before it listens.
 *
 *   tsx scripts/serve.ts --port 3000 [--dev]
 */
import { createServer } from "node:http";
import { register } from "node:module";
import path from "node:path";
import { CLIENT_IP_HEADER, isTrustedProxy, parseTrustedProxies, resolveClientIp } from "../server/http/client-ip";
import { ProviderEnvSchema, readProviderConfigs } from "../server/providers/provider-env";

const FORWARDING_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip", "forwarded"];

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

// A payment provider half configured (or a key that does not parse) stops start-up here, with the
// list of what is wrong, rather than at the first payment.
try {
  readProviderConfigs(ProviderEnvSchema.parse(process.env));
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}

const port = Number(option("--port") ?? process.env.PORT ?? 3000);
const dev = process.argv.includes("--dev");
// Before Next and React load: they pick their production or development builds from it.
(process.env as Record<string, string>).NODE_ENV = dev ? "development" : "production";
// The environment (secrets, providers and their settings) is checked now: a bad setting stops start-up, not a request.
const { env } = await import("../server/env");
env();
const { default: next } = await import("next");
const proxies = parseTrustedProxies(process.env.TRUSTED_PROXIES ?? "");
const app = next({ dev, dir: path.resolve(import.meta.dirname, ".."), port, hostname: "localhost" });
const handle = app.getRequestHandler();
// In production the tRPC endpoint is answered here, not by Next's route (server/api/trpc-node-handler.ts,
// docs/performance.md); `--dev` keeps Next's route, which reloads with the code.
if (!dev) register("./lib/server-only-hook.mjs", import.meta.url);
const trpc = dev ? null : await import("../server/api/trpc-node-handler");

await app.prepare();
// The pool's connections and the session check's statement, before the first shoppers arrive.
if (trpc) await (await import("../server/http/warm-pool")).warmPool();
const server = createServer((req, res) => {
  const peer = req.socket.remoteAddress;
  const forwarded = req.headers["x-forwarded-for"];
  req.headers[CLIENT_IP_HEADER] = resolveClientIp(peer, Array.isArray(forwarded) ? forwarded.join(",") : forwarded, proxies);
  if (!isTrustedProxy(proxies, peer)) for (const h of FORWARDING_HEADERS) delete req.headers[h];
  if (trpc && req.url?.startsWith(trpc.TRPC_PREFIX)) void trpc.handleTrpcRequest(req, res);
  else void handle(req, res);
});

server.keepAliveTimeout = 65_000;
server.listen(port, () => console.log(`▲ Next.js ${dev ? "dev" : "production"} server on http://localhost:${port}${process.env.TRUSTED_PROXIES ? ` (trusting proxies ${process.env.TRUSTED_PROXIES})` : ""}`));

// SIGTERM: finish open requests, then stop.
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    server.close(() => void app.close().finally(() => process.exit(0)));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  });
}
