import type { DbOrTx } from "@/db/client";
import type { Clock } from "../domain/shared/clock";
import { SmsProviderSchema } from "../env";
import { sandboxSmsProvider } from "./sandbox-sms";
import type { SmsProvider } from "./sms-provider";

/**
 * The configured SMS provider (SMS_PROVIDER, validated like the rest of the environment; read on its
 * own so the API works without the web server's other settings, as in tests). Only the sandbox so
 * far; a real one plugs in beside it.
 */
export function smsProviderFor(db: DbOrTx, clock: Clock): SmsProvider {
  switch (SmsProviderSchema.parse(process.env.SMS_PROVIDER)) {
    case "sandbox":
      return sandboxSmsProvider(db, clock);
  }
}
