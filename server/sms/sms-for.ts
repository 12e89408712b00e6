import type { DbOrTx } from "@/db/client";
import type { Clock } from "../domain/shared/clock";
import { smsConfig } from "../env";
import { aliyunSmsProvider } from "./aliyun-sms";
import { sandboxSmsProvider } from "./sandbox-sms";
import type { SmsProvider } from "./sms-provider";

/**
 * The configured SMS provider (SMS_PROVIDER and its settings, validated like the rest of the environment;
 * read on their own so the API works without the web server's other settings, as in tests).
 */
export function smsProviderFor(db: DbOrTx, clock: Clock): SmsProvider {
  const config = smsConfig();
  switch (config.provider) {
    case "sandbox":
      return sandboxSmsProvider(db, clock);
    case "aliyun":
      return aliyunSmsProvider(config.aliyun);
  }
}
