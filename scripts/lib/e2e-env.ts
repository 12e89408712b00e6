/**
 * What the e2e server and the Playwright specs share. The secrets are fixed test values (a spec
 * signs gateway webhooks with GATEWAY_WEBHOOK_SECRET); the environment may override them.
 */
/** `pinpin_e2e`, or `pinpin_e2e_<suffix>` from E2E_DATABASE so two runs on one server keep apart (the e2e server, seeing the same variable, allows its test clock only on this name). */
export const E2E_DATABASE = /^pinpin_e2e(_[a-z0-9_]+)?$/.test(process.env.E2E_DATABASE ?? "") ? (process.env.E2E_DATABASE as string) : "pinpin_e2e";

export function e2ePort(): number {
  return Number(process.env.E2E_PORT ?? 3100);
}

export function e2eSecrets(): { AUTH_SECRET: string; GATEWAY_WEBHOOK_SECRET: string; PAYOUT_CALLBACK_SECRET: string } {
  return {
    AUTH_SECRET: process.env.AUTH_SECRET || "e2e-auth-secret-not-for-production-0000000000",
    GATEWAY_WEBHOOK_SECRET: process.env.GATEWAY_WEBHOOK_SECRET || "e2e-gateway-webhook-secret-not-for-production-00",
    PAYOUT_CALLBACK_SECRET: process.env.PAYOUT_CALLBACK_SECRET || "e2e-payout-callback-secret-not-for-production-00",
  };
}
