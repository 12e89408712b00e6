import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";

/**
 * Keys as operators paste them into the environment: PEM (PKCS#1 `RSA PRIVATE KEY` or PKCS#8
 * `PRIVATE KEY`; `PUBLIC KEY`; a `CERTIFICATE`), or the bare base64 body that Alipay's key tool and
 * console print. A literal `\n` (one line in a .env file) counts as a line break.
 */
function unescape(text: string): string {
  return text.replace(/\\n/g, "\n").trim();
}

const bareDer = (text: string): Buffer | null => (/^[A-Za-z0-9+/=\s]+$/.test(text) ? Buffer.from(text.replace(/\s+/g, ""), "base64") : null);

/** An RSA private key, or an Error that says what was wrong. */
export function readRsaPrivateKey(text: string): KeyObject {
  const t = unescape(text);
  let key: KeyObject;
  if (t.includes("-----BEGIN")) key = createPrivateKey(t);
  else {
    const der = bareDer(t);
    if (!der) throw new Error("not PEM or base64");
    try {
      key = createPrivateKey({ key: der, format: "der", type: "pkcs8" });
    } catch {
      key = createPrivateKey({ key: der, format: "der", type: "pkcs1" });
    }
  }
  if (key.asymmetricKeyType !== "rsa") throw new Error(`an RSA key is needed, not ${key.asymmetricKeyType}`);
  return key;
}

/** An RSA public key from a PEM public key, a certificate, or a bare base64 SubjectPublicKeyInfo. */
export function readRsaPublicKey(text: string): KeyObject {
  const t = unescape(text);
  let key: KeyObject;
  if (t.includes("BEGIN CERTIFICATE")) key = new X509Certificate(t).publicKey;
  else if (t.includes("-----BEGIN")) key = createPublicKey(t);
  else {
    const der = bareDer(t);
    if (!der) throw new Error("not PEM or base64");
    key = createPublicKey({ key: der, format: "der", type: "spki" });
  }
  if (key.asymmetricKeyType !== "rsa") throw new Error(`an RSA key is needed, not ${key.asymmetricKeyType}`);
  return key;
}

/** Every certificate in a PEM bundle, by serial number (upper-case hex, as WeChat Pay's `Wechatpay-Serial` header writes it). */
export function readCertificates(text: string): Map<string, KeyObject> {
  const blocks = unescape(text).match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new Error("no PEM certificate found");
  return new Map(blocks.map((pem) => {
    const cert = new X509Certificate(pem);
    return [cert.serialNumber.toUpperCase(), cert.publicKey] as const;
  }));
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * A certificate file's text as an operator gives it: the PEM itself (one or more certificates, a literal
 * `\n` counting as a line break) or the path of the `.crt` file Alipay's open platform hands out, read
 * now. Returns the PEM blocks, each checked to parse, joined by line breaks; an Error that says what was wrong.
 */
export function readPemCertificates(value: string): string {
  let text = unescape(value);
  if (!text.includes("-----BEGIN")) {
    try {
      text = readFileSync(text, "utf8");
    } catch (err) {
      throw new Error(`neither PEM text nor a readable file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
    }
  }
  const blocks = text.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) throw new Error("no PEM certificate (-----BEGIN CERTIFICATE-----) found");
  for (const pem of blocks) new X509Certificate(pem);
  return blocks.join("\n");
}

export const publicKeyPem = (key: KeyObject): string => key.export({ type: "spki", format: "pem" }).toString();
export const privateKeyPem = (key: KeyObject): string => key.export({ type: "pkcs8", format: "pem" }).toString();
