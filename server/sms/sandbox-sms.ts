import type { DbOrTx } from "@/db/client";
import { sandboxSms } from "@/db/schema";
import type { Clock } from "../domain/shared/clock";
import type { SmsMessage, SmsProvider } from "./sms-provider";

const BRAND = { "zh-CN": "【拼拼】", en: "[Pinpin] " } as const;

/** The text of a message, as a real provider's approved template would read. */
export function smsText(message: SmsMessage): string {
  const zh = message.locale === "zh-CN";
  const body =
    message.template === "verification_code"
      ? zh
        ? `验证码 ${message.code}，${message.minutes} 分钟内有效。如非本人操作请忽略。`
        : `Your code is ${message.code}, valid for ${message.minutes} minutes. If this was not you, ignore this message.`
      : zh
        ? "该号码已注册拼拼账号，可直接登录，忘记密码可在登录页找回。"
        : "This number already has a Pinpin account: sign in, or reset your password from the sign-in page.";
  return BRAND[message.locale] + body;
}

/**
 * The built-in SMS provider: nothing leaves the machine. Each message is kept in `sandbox_sms`
 * (shown at /dev/sms to the local operator only) and printed in the server log.
 */
export function sandboxSmsProvider(db: DbOrTx, clock: Clock): SmsProvider {
  return {
    async send(message) {
      const body = smsText(message);
      await db.insert(sandboxSms).values({ phone: message.phone, body, createdAt: clock.now() });
      console.log(`[sms.sandbox] to ${message.phone}: ${body}`);
    },
  };
}
