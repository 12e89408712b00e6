/**
 * The e2e server's database: `pinpin_e2e`, or `pinpin_e2e_<suffix>` from E2E_DATABASE so two runs on
 * one PostgreSQL keep apart. The e2e server allows its test clock only on this name
 * (server/test-clock.ts); scripts/lib/e2e-env.ts gives it to the e2e scripts and Playwright.
 */
export const E2E_DATABASE = /^pinpin_e2e(_[a-z0-9_]+)?$/.test(process.env.E2E_DATABASE ?? "") ? (process.env.E2E_DATABASE as string) : "pinpin_e2e";
