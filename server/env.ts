import { randomBytes } from "node:crypto";
import { z } from "zod";
import { REAL_PAYOUT_PROVIDERS } from "./domain/payouts/payout-route";
import { TransferSceneSchema } from "./payouts/wechatpay-payouts";
import { readProviderConfigs, ProviderEnvSchema, sandboxGatewayOn, type ProviderConfigs } from "./providers/provider-env";

/** Who texts one-time codes: the built-in sandbox (messages at /dev/sms, local only) or Aliyun SMS. */
export const SmsProviderSchema = z.enum(["sandbox", "aliyun"]).default("sandbox");

/**
 * Aliyun SMS (SMS_PROVIDER=aliyun): a RAM user's access key allowed `dysms:SendSms`, the approved
 * signature name, and two approved templates: the one-time code (one variable, `${code}`) and the
 * "this number already has an account" notice (no variable). The endpoint is Aliyun's unless a test
 * points it at its stand-in.
 */
export const AliyunSmsSchema = z.object({
  ALIYUN_SMS_ACCESS_KEY_ID: z.string().min(1),
  ALIYUN_SMS_ACCESS_KEY_SECRET: z.string().min(1),
  ALIYUN_SMS_SIGN_NAME: z.string().min(1),
  ALIYUN_SMS_TEMPLATE_CODE: z.string().regex(/^SMS_\d+$/, "an approved template code, SMS_<digits>"),
  ALIYUN_SMS_REGISTERED_TEMPLATE_CODE: z.string().regex(/^SMS_\d+$/, "an approved template code, SMS_<digits>"),
  ALIYUN_SMS_ENDPOINT: z.string().url().default("https://dysmsapi.aliyuncs.com"),
});
export type AliyunSmsConfig = z.infer<typeof AliyunSmsSchema>;

/** The SMS provider and its settings, from the environment; throws naming each missing or bad variable. */
export function smsConfig(source: Record<string, string | undefined> = process.env): { provider: "sandbox" } | { provider: "aliyun"; aliyun: AliyunSmsConfig } {
  const provider = SmsProviderSchema.parse(source.SMS_PROVIDER);
  if (provider === "sandbox") return { provider };
  const parsed = AliyunSmsSchema.safeParse(source);
  if (!parsed.success) throw new Error(`Invalid environment for SMS_PROVIDER=aliyun:\n${issueLines(parsed.error)}`);
  return { provider, aliyun: parsed.data };
}

function issueLines(error: z.ZodError): string {
  return error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
}

/**
 * The real payout providers enabled, comma-separated (`alipay`, `wechatpay`); each pays the destinations
 * of its kind (`server/domain/payouts/payout-route.ts`) with its own settings. The built-in sandbox
 * (payouts settled at /dev/payouts, local only) pays everything else, and everything when this is empty.
 */
export const PayoutProvidersSchema = z
  .string()
  .default("")
  .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.enum(REAL_PAYOUT_PROVIDERS)).refine((a) => new Set(a).size === a.length, "each provider once"));

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
  PAYOUT_PROVIDERS: PayoutProvidersSchema,
  /** The WeChat Pay transfer scene enabled for the merchant (1000 现金营销, 1005 佣金报酬): its report lines are sent with each transfer. */
  WECHATPAY_TRANSFER_SCENE_ID: TransferSceneSchema,
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

/** A payout provider enabled without its provider's settings stops start-up (payouts would queue forever). */
export function checkPayoutProviders(enabled: readonly string[], providers: ProviderConfigs): void {
  const problems: string[] = [];
  if (enabled.includes("alipay") && !providers.alipay) problems.push("PAYOUT_PROVIDERS has alipay: set the ALIPAY_* variables too.");
  if (enabled.includes("wechatpay") && !providers.wechatpay) problems.push("PAYOUT_PROVIDERS has wechatpay: set the WECHATPAY_* variables too.");
  if (enabled.includes("wechatpay") && !providers.wechatOauth) problems.push("PAYOUT_PROVIDERS has wechatpay: set WECHAT_APP_SECRET too (shoppers add a WeChat destination by signing in with WeChat, which gives their openid).");
  if (problems.length > 0) throw new Error(`Invalid payout configuration:\n${problems.map((p) => `  ${p}`).join("\n")}`);
}

let cached: Env | undefined;
let cachedTimeouts: Timeouts | undefined;

/** The timeouts alone (defaults where unset); a bad value throws like env() does. */
export function timeouts(): Timeouts {
  if (cachedTimeouts) return cachedTimeouts;
  const parsed = TimeoutsSchema.safeParse(process.env);
  if (!parsed.success) throw new Error(`Invalid environment:\n${issueLines(parsed.error)}`);
  return (cachedTimeouts = parsed.data);
}

/**
 * Environment, validated once. In production a missing secret stops start-up with a clear error;
 * elsewhere a random secret is generated for this process (`npm start` persists its own in .data/).
 */
export function env(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) throw new Error(`Invalid environment:\n${issueLines(parsed.error)}`);
  const e = parsed.data;
  // A provider half configured stops start-up, naming what is missing or malformed.
  const providers = readProviderConfigs(e);
  // Each configured provider's settings are checked now, so a bad one stops start-up, not the first text or payout.
  smsConfig();
  checkPayoutProviders(e.PAYOUT_PROVIDERS, providers);
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
