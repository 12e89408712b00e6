import { createDecipheriv } from "node:crypto";
import { DomainError } from "../../domain/shared/errors";

/** The encrypted part of a notification (and of a downloaded platform certificate). */
export interface WechatpayResource {
  algorithm: string;
  ciphertext: string;
  associated_data?: string;
  nonce: string;
  original_type?: string;
}

const TAG_BYTES = 16;

/**
 * AEAD_AES_256_GCM with the APIv3 key (解密回调报文): `ciphertext` is base64 of the encrypted bytes
 * followed by the 16-byte tag; `nonce` (12 characters) and `associated_data` are UTF-8 text. A
 * ciphertext, nonce or associated data changed in any byte fails the tag: WEBHOOK_SIGNATURE_INVALID.
 */
export function decryptWechatpayResource(resource: WechatpayResource, apiV3Key: Buffer): string {
  if (resource.algorithm !== "AEAD_AES_256_GCM") throw new DomainError("WEBHOOK_SIGNATURE_INVALID");
  const data = Buffer.from(resource.ciphertext, "base64");
  if (data.length <= TAG_BYTES) throw new DomainError("WEBHOOK_SIGNATURE_INVALID");
  try {
    const decipher = createDecipheriv("aes-256-gcm", apiV3Key, Buffer.from(resource.nonce, "utf8"));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    decipher.setAAD(Buffer.from(resource.associated_data ?? "", "utf8"));
    return Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new DomainError("WEBHOOK_SIGNATURE_INVALID");
  }
}
