/**
 * What the e2e server and the Playwright specs share. The secrets are fixed test values (a spec
 * signs gateway webhooks with GATEWAY_WEBHOOK_SECRET); the environment may override them.
 */
export { E2E_DATABASE } from "../../server/e2e-database";

export function e2ePort(): number {
  return Number(process.env.E2E_PORT ?? 3100);
}

/** The payment providers' stand-ins the e2e server starts beside Next (tests/support/stand-ins), and a spec may drive. */
/** The real name of the WeChat account the e2e WeChat Pay stand-in pays transfers to (it checks the holder's name). */
export const E2E_WECHAT_PAYEE = "王小明";

export function e2eStandInPorts(): { alipay: number; wechat: number } {
  return { alipay: e2ePort() + 10_000, wechat: e2ePort() + 10_001 };
}

export function e2eSecrets(): { AUTH_SECRET: string; GATEWAY_WEBHOOK_SECRET: string; PAYOUT_CALLBACK_SECRET: string } {
  return {
    AUTH_SECRET: process.env.AUTH_SECRET || "e2e-auth-secret-not-for-production-0000000000",
    GATEWAY_WEBHOOK_SECRET: process.env.GATEWAY_WEBHOOK_SECRET || "e2e-gateway-webhook-secret-not-for-production-00",
    PAYOUT_CALLBACK_SECRET: process.env.PAYOUT_CALLBACK_SECRET || "e2e-payout-callback-secret-not-for-production-00",
  };
}
