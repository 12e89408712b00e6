/**
 * Playwright's web server: a fresh database `pinpin_e2e` on TEST_PG_URL's server (local only),
 * migrated and seeded, then `next start` on E2E_PORT (3100) after a build if the sources changed.
 */
import path from "node:path";
import { E2E_DATABASE, E2E_WECHAT_PAYEE, e2ePort, e2eSecrets, e2eStandInPorts } from "./lib/e2e-env";
import { makeStandInCredentials, standInEnv } from "../tests/support/stand-ins/stand-in-credentials";
import { startStandIns } from "../tests/support/stand-ins/start-stand-ins";
import { startFreshServer } from "./lib/fresh-server";
import { isShuttingDown, onShutdown, shutdown, shutdownIfItExits, shutdownOnSignals } from "./lib/shutdown";

const projectDir = path.resolve(import.meta.dirname, "..");

async function main(): Promise<void> {
  shutdownOnSignals();
  const port = e2ePort();
  // Alipay's and WeChat Pay's stand-ins, with keys made for this run: the server is configured for
  // them exactly as for the real providers (same variables), and keeps the sandbox on beside them.
  const credentials = makeStandInCredentials();
  // WeChat Pay's also pays transfers to the sign-in stand-in's openid, whose account is 王小明's (the
  // withdrawal spec's holder name): withdrawals to a WeChat destination go through it (PAYOUT_PROVIDERS).
  const standIns = await startStandIns(credentials, e2eStandInPorts(), { transfers: { payeeName: E2E_WECHAT_PAYEE } });
  onShutdown(() => standIns.close());
  const providers = standInEnv(credentials, { alipayGateway: standIns.alipay.gateway, wechatOrigin: standIns.wechatpay.origin, publicBaseUrl: `http://127.0.0.1:${port}` });
  const { next } = await startFreshServer(projectDir, {
    database: E2E_DATABASE,
    port,
    // Specs move the server clock through /api/e2e/clock (server/test-clock.ts; on only with this database).
    env: { ...process.env, ...e2eSecrets(), E2E_TEST_CLOCK: "1", ...providers, PAYMENT_GATEWAY: "sandbox", PAYOUT_PROVIDERS: "wechatpay" },
    ownProcessGroup: false,
  });
  onShutdown(() => next.stop());
  shutdownIfItExits("Next.js", next.exited);
  console.log(`e2e server: http://127.0.0.1:${port} on database ${E2E_DATABASE}`);
}

main().catch((error: unknown) => {
  if (isShuttingDown()) return;
  console.error(error);
  void shutdown(1);
});
