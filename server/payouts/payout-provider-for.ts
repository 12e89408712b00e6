import type { DbOrTx } from "@/db/client";
import type { Clock } from "../domain/shared/clock";
import { env, PayoutProviderSchema } from "../env";
import type { PayoutProvider } from "./payout-provider";
import { sandboxPayoutProvider } from "./sandbox-payouts";

/**
 * The configured payout provider (PAYOUT_PROVIDER, read on its own so the API works without the web
 * server's other settings, as in tests; the callback secret only when a callback is verified). Only
 * the sandbox so far; Alipay and WeChat Pay transfers plug in beside it with their own credentials.
 */
export function payoutProviderFor(db: DbOrTx, clock: Clock): PayoutProvider {
  switch (PayoutProviderSchema.parse(process.env.PAYOUT_PROVIDER)) {
    case "sandbox":
      return sandboxPayoutProvider(db, clock, () => env().PAYOUT_CALLBACK_SECRET);
  }
}
