import { randomBytes } from "node:crypto";
import { z } from "zod";
import { readProviderConfigs, ProviderEnvSchema, sandboxGatewayOn, type ProviderConfigs } from "./providers/provider-env";

/** Who texts one-time codes. Only the built-in sandbox exists so far (messages at /dev/sms, local only). */
export const SmsProviderSchema = z.enum(["sandbox"]).default("sandbox");

/** Who pays withdrawals out. Only the built-in sandbox exists so far (payouts settled at /dev/payouts, local only). */
export const PayoutProviderSchema = z.enum(["sandbox"]).default("sandbox");

/**
 * How long a request may wait on the database (milliseconds). Parsed on their own too (`timeouts()`),
 * without the rest of the environment: the join lanes read them in tests as well. A join answers
 * within DB_WAIT_TIMEOUT_MS (its session read) + JOIN_DEADLINE_MS.
 */
const TimeoutsSchema = z.object({
  /** A new database connection: TCP connect and start-up. */
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
  /** The server's statement_timeout for the app's connections; 0 for none. Settlement runs lift it for their own transactions. */
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(5000),
  /** The longest a query or transaction waits for a pooled connection. */
  DB_WAIT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(1500),
  /** A join's answer: dropped (never committed) if its batch has not begun by then, "outcome unknown" if its batch is still committing. */
  JOIN_DEADLINE_MS: z.coerce.number().int().min(100).max(60_000).default(3500),
});

export type Timeouts = z.infer<typeof TimeoutsSchema>;

const EnvSchema = TimeoutsSchema.extend({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.string().url(),
  AUTH_SECRET: z.string().min(32).optional(),
  GATEWAY_WEBHOOK_SECRET: z.string().min(32).optional(),
  /** Extra origins allowed to call mutating routes, comma-separated (the request's own origin always is). */
  ALLOWED_ORIGINS: z.string().default(""),
  /**
   * Whether the built-in sandbox gateway is offered (anyone can "pay" with it: never in production with
   * real money). Unset: on when no real payment provider is configured, off when one is.
   */
  PAYMENT_GATEWAY: z.enum(["sandbox", "off"]).optional(),
  SMS_PROVIDER: SmsProviderSchema,
  PAYOUT_PROVIDER: PayoutProviderSchema,
  /** The secret the payout provider signs its callbacks with (the sandbox: HMAC-SHA256, like the gateway). */
  PAYOUT_CALLBACK_SECRET: z.string().min(32).optional(),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** "1" only from scripts/e2e-server.ts: lets Playwright move the server clock (server/test-clock.ts, which also checks the database). */
  E2E_TEST_CLOCK: z.string().optional(),
}).extend(ProviderEnvSchema.shape);

export type Env = Omit<z.infer<typeof EnvSchema>, "PAYMENT_GATEWAY"> & {
  AUTH_SECRET: string;
  GATEWAY_WEBHOOK_SECRET: string;
  PAYOUT_CALLBACK_SECRET: string;
  PAYMENT_GATEWAY: "sandbox" | "off";
  /** Alipay, WeChat Pay and WeChat sign-in (openid), each present only when fully configured. */
  providers: ProviderConfigs;
};

let cached: Env | undefined;
let cachedTimeouts: Timeouts | undefined;

/** The timeouts alone (defaults where unset); a bad value throws like env() does. */
export function timeouts(): Timeouts {
  if (cachedTimeouts) return cachedTimeouts;
  const parsed = TimeoutsSchema.safeParse(process.env);
  if (!parsed.success) throw new Error(`Invalid environment:\n${parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n")}`);
  return (cachedTimeouts = parsed.data);
}

/**
 * Environment, validated once. In production a missing secret stops start-up with a clear error;
 * elsewhere a random secret is generated for this process (`npm start` persists its own in .data/).
 */
export function env(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${issues}`);
  }
  const e = parsed.data;
  // A provider half configured stops start-up, naming what is missing or malformed.
  const providers = readProviderConfigs(e);
  const secret = (name: "AUTH_SECRET" | "GATEWAY_WEBHOOK_SECRET" | "PAYOUT_CALLBACK_SECRET"): string => {
    const v = e[name];
    if (v) return v;
    if (e.NODE_ENV === "production") throw new Error(`Missing required secret ${name} (set it in the environment).`);
    const generated = randomBytes(32).toString("hex");
    process.env[name] = generated;
    return generated;
  };
  cached = { ...e, providers, PAYMENT_GATEWAY: sandboxGatewayOn(e.PAYMENT_GATEWAY, providers) ? "sandbox" : "off", AUTH_SECRET: secret("AUTH_SECRET"), GATEWAY_WEBHOOK_SECRET: secret("GATEWAY_WEBHOOK_SECRET"), PAYOUT_CALLBACK_SECRET: secret("PAYOUT_CALLBACK_SECRET") };
  return cached;
}
