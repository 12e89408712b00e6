import { createHash, createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for Aliyun SMS's `SendSms` (API 2017-05-25) that checks a request as Aliyun documents
 * its signature method V3 (ACS3-HMAC-SHA256), written from that description, not from the SDK:
 *
 *   CanonicalRequest = Method \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n SignedHeaders \n HashedPayload
 *   StringToSign     = "ACS3-HMAC-SHA256" \n hex(SHA256(CanonicalRequest))
 *   Signature        = hex(HMAC-SHA256(AccessKeySecret, StringToSign))
 *   Authorization: ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<a;b;c>,Signature=<hex>
 *
 * Query names and values percent-encoded per RFC 3986 (only A–Z a–z 0–9 - _ . ~ left as they are) and
 * sorted by name; the signed headers lower-cased, sorted, `name:trimmed value` each on its line; the
 * payload hash also sent as `x-acs-content-sha256`. Every `x-acs-*` header and `host` must be signed,
 * `x-acs-date` within 15 minutes, a nonce used once. Errors answer as Aliyun does (HTTP 4xx with
 * `Code`, `Message`, `RequestId`); a business refusal is HTTP 200 with a `Code` other than `OK`.
 */
export interface AliyunSmsStandIn {
  url: string;
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  templates: { code: string; registered: string };
  /** Messages accepted, in order. */
  sent: { phone: string; signName: string; templateCode: string; params: Record<string, string> | null }[];
  /** Every request's outcome code ("OK", "SignatureDoesNotMatch", ...), in order. */
  outcomes: string[];
  /** The next request is answered with this instead of being processed (HTTP status and Aliyun's code). */
  failNext(answer: { status: number; code: string }): void;
  close(): Promise<void>;
}

const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const sha256Hex = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** The V3 signature of a request, computed from its parts as the documentation describes. */
export function acs3Signature(secret: string, r: { method: string; path: string; query: [string, string][]; headers: Record<string, string>; signedHeaders: string[]; payloadHash: string }): string {
  const canonicalQuery = r.query
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const names = [...r.signedHeaders].sort();
  const canonicalHeaders = names.map((n) => `${n}:${(r.headers[n] ?? "").trim()}\n`).join("");
  const canonicalRequest = [r.method, r.path, canonicalQuery, canonicalHeaders, names.join(";"), r.payloadHash].join("\n");
  const stringToSign = `ACS3-HMAC-SHA256\n${sha256Hex(canonicalRequest)}`;
  return createHmac("sha256", secret).update(stringToSign).digest("hex");
}

const REQUIRED_SIGNED = ["host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version"];

export async function startAliyunSmsStandIn(options: { now?: () => Date } = {}): Promise<AliyunSmsStandIn> {
  const now = options.now ?? (() => new Date());
  const accessKeyId = `LTAI${randomUUID().replace(/-/g, "").slice(0, 20)}`;
  const accessKeySecret = randomUUID().replace(/-/g, "");
  const signName = "拼拼";
  const templates = { code: "SMS_460000001", registered: "SMS_460000002" };
  const sent: AliyunSmsStandIn["sent"] = [];
  const outcomes: string[] = [];
  const nonces = new Set<string>();
  let failure: { status: number; code: string } | null = null;

  const check = async (req: IncomingMessage): Promise<{ status: number; body: Record<string, unknown> }> => {
    const requestId = randomUUID().toUpperCase();
    const answer = (status: number, code: string, message: string) => ({ status, body: { Code: code, Message: message, RequestId: requestId } });
    const body = await readBody(req);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k.toLowerCase()] = v;
    const url = new URL(req.url ?? "/", "http://stand-in");

    const auth = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(headers.authorization ?? "");
    if (!auth) return answer(400, "IncompleteSignature", "The request signature does not conform to Aliyun standards.");
    const [, credential, signedList, signature] = auth as unknown as [string, string, string, string];
    if (credential !== accessKeyId) return answer(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
    const signedHeaders = signedList.split(";");
    const unsigned = [...REQUIRED_SIGNED, ...Object.keys(headers).filter((h) => h.startsWith("x-acs-"))].filter((h) => !signedHeaders.includes(h));
    if (unsigned.length > 0) return answer(400, "IncompleteSignature", `Headers not signed: ${unsigned.join(", ")}.`);
    if (sha256Hex(body) !== headers["x-acs-content-sha256"]) return answer(400, "InvalidParameter.ContentSHA256", "x-acs-content-sha256 does not match the body.");
    const expected = acs3Signature(accessKeySecret, { method: req.method ?? "", path: url.pathname, query: [...url.searchParams.entries()], headers, signedHeaders, payloadHash: headers["x-acs-content-sha256"] ?? "" });
    if (!timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) return answer(400, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation.");
    const date = Date.parse(headers["x-acs-date"] ?? "");
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(headers["x-acs-date"] ?? "") || Math.abs(now().getTime() - date) > 15 * 60_000) return answer(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
    const nonce = headers["x-acs-signature-nonce"] ?? "";
    if (nonces.has(nonce)) return answer(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
    nonces.add(nonce);
    if (headers["x-acs-action"] !== "SendSms" || headers["x-acs-version"] !== "2017-05-25" || req.method !== "POST") return answer(404, "InvalidAction.NotFound", "Specified api is not found.");

    if (failure) {
      const f = failure;
      failure = null;
      return answer(f.status, f.code, "stand-in refusal");
    }
    const q = Object.fromEntries(url.searchParams.entries());
    const phone = q.PhoneNumbers ?? "";
    if (!/^1[3-9]\d{9}$/.test(phone)) return answer(200, "isv.MOBILE_NUMBER_ILLEGAL", "非法手机号");
    if (q.SignName !== signName) return answer(200, "isv.SMS_SIGNATURE_ILLEGAL", "该账号下找不到对应签名");
    if (q.TemplateCode !== templates.code && q.TemplateCode !== templates.registered) return answer(200, "isv.SMS_TEMPLATE_ILLEGAL", "该账号下找不到对应模板");
    let params: Record<string, string> | null = null;
    if (q.TemplateParam !== undefined) {
      try {
        params = JSON.parse(q.TemplateParam) as Record<string, string>;
      } catch {
        return answer(200, "isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值");
      }
    }
    // The code template has one variable, ${code}; the notice has none.
    const wants = q.TemplateCode === templates.code ? ["code"] : [];
    const given = Object.keys(params ?? {});
    if (wants.some((w) => typeof params?.[w] !== "string") || given.some((g) => !wants.includes(g))) return answer(200, "isv.TEMPLATE_MISSING_PARAMETERS", "模板缺少变量");
    sent.push({ phone, signName: q.SignName, templateCode: q.TemplateCode, params });
    return { status: 200, body: { Code: "OK", Message: "OK", BizId: `${Date.now()}^0`, RequestId: requestId } };
  };

  const server: Server = createServer((req, res) => {
    check(req).then(
      ({ status, body }) => {
        outcomes.push(String(body.Code));
        res.writeHead(status, { "content-type": "application/json;charset=utf-8" });
        res.end(JSON.stringify(body));
      },
      () => {
        res.writeHead(500);
        res.end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    accessKeyId,
    accessKeySecret,
    signName,
    templates,
    sent,
    outcomes,
    failNext(answer) {
      failure = answer;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
