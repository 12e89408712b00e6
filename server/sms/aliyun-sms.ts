import * as Dysmsapi from "@alicloud/dysmsapi20170525";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import type { AliyunSmsConfig } from "../env";
import { DomainError } from "../domain/shared/errors";
import type { SmsMessage, SmsProvider } from "./sms-provider";

type ClientClass = typeof Dysmsapi.default;

/** The SDK's client class, however the CommonJS package was loaded (bundled: `default`; Node's ESM loader: `default.default`). */
function clientClass(): ClientClass {
  const mod = Dysmsapi as unknown as { default: ClientClass & { default?: ClientClass } };
  return mod.default.default ?? mod.default;
}

/** The template and its variables for a message. The texts themselves are the templates Aliyun approved. */
function templateFor(config: AliyunSmsConfig, message: SmsMessage): { templateCode: string; templateParam?: string } {
  if (message.template === "verification_code") return { templateCode: config.ALIYUN_SMS_TEMPLATE_CODE, templateParam: JSON.stringify({ code: message.code }) };
  return { templateCode: config.ALIYUN_SMS_REGISTERED_TEMPLATE_CODE };
}

/**
 * Aliyun SMS (`SendSms`, API 2017-05-25) through the official SDK, which signs each request (ACS3-HMAC-SHA256).
 * Aliyun answers `Code: "OK"` when it accepted the message; any other code, an HTTP error or no answer
 * becomes SMS_SEND_FAILED (retryable): the caller's transaction rolls back, so no code is stored, none is
 * spent and the resend limits are not charged. Aliyun's own code goes to the server log, never the number.
 * Templates are in Chinese (mainland templates are approved in Chinese), whatever the shopper's locale.
 */
export function aliyunSmsProvider(config: AliyunSmsConfig): SmsProvider {
  const endpoint = new URL(config.ALIYUN_SMS_ENDPOINT);
  const Client = clientClass();
  const client = new Client(
    new $OpenApiUtil.Config({
      accessKeyId: config.ALIYUN_SMS_ACCESS_KEY_ID,
      accessKeySecret: config.ALIYUN_SMS_ACCESS_KEY_SECRET,
      endpoint: endpoint.host,
      protocol: endpoint.protocol.replace(":", ""),
      connectTimeout: 5_000,
      readTimeout: 10_000,
    }),
  );
  return {
    async send(message) {
      const { templateCode, templateParam } = templateFor(config, message);
      let code: string | undefined;
      try {
        const res = await client.sendSms(new Dysmsapi.SendSmsRequest({ phoneNumbers: message.phone, signName: config.ALIYUN_SMS_SIGN_NAME, templateCode, templateParam }));
        code = res.body?.code;
        if (code === "OK") return;
      } catch (e) {
        code = (e as { code?: string }).code ?? (e instanceof Error ? e.message : String(e));
      }
      console.error(`[sms.aliyun] ${templateCode} not sent: ${code ?? "no answer"}`);
      throw new DomainError("SMS_SEND_FAILED");
    },
  };
}
