import { isDomainError } from "../../domain/shared/errors";
import { wechatpayAuthorization, wechatpayNonce } from "./sign-request";
import type { WechatpayConfig } from "./wechatpay-config";
import { verifyWechatpaySignature } from "./verify-wechatpay-signature";

/**
 * WeChat Pay refused a request (4xx / 5xx with `{ code, message }`). `signed` says whether the
 * answer carried a valid WeChat Pay signature: only a signed refusal is WeChat Pay's word; an
 * unsigned one (a proxy's page, a forged answer) leaves the outcome unknown.
 */
export class WechatpayApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    /** WeChat Pay's own words (its `message`). */
    readonly detail: string,
    readonly signed: boolean,
  ) {
    super(`WeChat Pay ${status} ${code}: ${detail}`);
    this.name = "WechatpayApiError";
  }
}

export interface WechatpayClient {
  /** A signed v3 call; the answer's signature is verified before its body is believed. `null` for 204. `headers`: e.g. `Wechatpay-Serial` when the body holds a field encrypted with WeChat Pay's key. */
  request<T>(method: "GET" | "POST", pathWithQuery: string, body?: unknown, headers?: Record<string, string>): Promise<T | null>;
}

/**
 * A small v3 HTTP client on `fetch` and node:crypto: each request carries the
 * `WECHATPAY2-SHA256-RSA2048` Authorization made with the merchant key; each 2xx answer must be
 * signed by a key we hold (the serial in `Wechatpay-Serial`) within 5 minutes, else the call fails
 * with WEBHOOK_SIGNATURE_INVALID / WEBHOOK_TIMESTAMP_STALE and nothing it said is used.
 */
export function createWechatpayClient(config: WechatpayConfig, options: { now?: () => Date; timeoutMs?: number } = {}): WechatpayClient {
  const now = options.now ?? (() => new Date());
  return {
    async request<T>(method: "GET" | "POST", pathWithQuery: string, body?: unknown, headers: Record<string, string> = {}): Promise<T | null> {
      const bodyText = body === undefined ? "" : JSON.stringify(body);
      const authorization = wechatpayAuthorization(config, { method, pathWithQuery, body: bodyText, timestamp: Math.floor(now().getTime() / 1000), nonce: wechatpayNonce() });
      const res = await fetch(new URL(pathWithQuery, config.baseUrl), {
        method,
        headers: { ...headers, authorization, accept: "application/json", "content-type": "application/json", "user-agent": "pinpin-wechatpay/1" },
        ...(method === "POST" ? { body: bodyText } : {}),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      const text = await res.text();
      let signed = true;
      try {
        verifyWechatpaySignature(res.headers, text, config.platformKeys, now());
      } catch (e) {
        if (res.ok || !isDomainError(e)) throw e;
        signed = false;
      }
      if (!res.ok) {
        const parsed = safeJson(text) as { code?: unknown; message?: unknown } | null;
        throw new WechatpayApiError(res.status, typeof parsed?.code === "string" ? parsed.code : "UNKNOWN", typeof parsed?.message === "string" ? parsed.message : text.slice(0, 200), signed);
      }
      return res.status === 204 || text === "" ? null : (JSON.parse(text) as T);
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
