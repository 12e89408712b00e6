import { createPublicKey, X509Certificate, type KeyObject } from "node:crypto";
import { AlipaySdk } from "alipay-sdk";
import { z } from "zod";
import { readPemCertificates, readRsaPublicKey } from "../read-keys";
import type { AlipayCertificates } from "./alipay-config";
import { alipaySdkKeys } from "./create-alipay-client";

const optional = z.preprocess((v) => (v === "" ? undefined : v), z.string().optional());

/** The three certificates of certificate mode (公钥证书模式), as Alipay's open platform hands them out. */
export const ALIPAY_CERT_VARS = ["ALIPAY_APP_CERT", "ALIPAY_PUBLIC_CERT", "ALIPAY_ROOT_CERT"] as const;

/**
 * Which way Alipay's signatures are checked: public-key mode (ALIPAY_PUBLIC_KEY) or certificate mode
 * (all three of ALIPAY_APP_CERT, ALIPAY_PUBLIC_CERT, ALIPAY_ROOT_CERT), never half of one or some of
 * both. Payments and transfers share the mode: Alipay keys an app one way or the other.
 */
export const AlipaySigningEnvSchema = z
  .object({ ALIPAY_PUBLIC_KEY: optional, ALIPAY_APP_CERT: optional, ALIPAY_PUBLIC_CERT: optional, ALIPAY_ROOT_CERT: optional })
  .superRefine((e, ctx) => {
    const certs = ALIPAY_CERT_VARS.filter((n) => e[n]);
    const missing = ALIPAY_CERT_VARS.filter((n) => !e[n]);
    if (e.ALIPAY_PUBLIC_KEY && certs.length > 0) {
      ctx.addIssue({ code: "custom", path: ["ALIPAY_PUBLIC_KEY"], message: `public-key mode (ALIPAY_PUBLIC_KEY) and certificate mode (${certs.join(", ")}) are both set: keep the one the app uses on Alipay's open platform (接口加签方式) and unset the other.` });
    } else if (certs.length > 0 && missing.length > 0) {
      ctx.addIssue({ code: "custom", path: [missing[0] ?? ""], message: `Alipay's certificate mode is partly configured: set ${missing.join(", ")} too (all three certificates are needed).` });
    } else if (!e.ALIPAY_PUBLIC_KEY && certs.length === 0) {
      ctx.addIssue({ code: "custom", path: ["ALIPAY_PUBLIC_KEY"], message: `set Alipay's public key (ALIPAY_PUBLIC_KEY, public-key mode) or the three certificates (${ALIPAY_CERT_VARS.join(", ")}, certificate mode).` });
    }
  })
  .transform((e) =>
    e.ALIPAY_PUBLIC_KEY
      ? { mode: "public-key" as const, alipayPublicKey: e.ALIPAY_PUBLIC_KEY }
      : { mode: "certificate" as const, appCert: e.ALIPAY_APP_CERT ?? "", alipayCert: e.ALIPAY_PUBLIC_CERT ?? "", rootCert: e.ALIPAY_ROOT_CERT ?? "" },
  );
export type AlipaySigningEnv = z.input<typeof AlipaySigningEnvSchema>;

const issueLines = (error: z.ZodError): string[] => error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);

/** What is wrong with the choice of mode alone (nothing read yet): for a configuration incomplete elsewhere too. */
export function alipaySigningModeProblems(env: AlipaySigningEnv): string[] {
  const parsed = AlipaySigningEnvSchema.safeParse(env);
  return parsed.success ? [] : issueLines(parsed.error);
}

export type AlipaySigning = { alipayPublicKey: KeyObject; certificates: AlipayCertificates | null };

/**
 * Alipay's verifying key and, in certificate mode, the certificates with their SNs, or every problem
 * found: a variable that is not a certificate (nor a readable file), an app certificate that is not
 * for ALIPAY_PRIVATE_KEY, Alipay's certificate swapped with the app's, a root file without any
 * RSA-signed certificate (its SN would be empty). The SNs come from the official SDK, which is what
 * signs the requests.
 */
export function readAlipaySigning(env: AlipaySigningEnv, app: { appId: string; privateKey: KeyObject }): AlipaySigning | { problems: string[] } {
  const parsed = AlipaySigningEnvSchema.safeParse(env);
  if (!parsed.success) return { problems: issueLines(parsed.error) };
  const mode = parsed.data;
  if (mode.mode === "public-key") {
    try {
      return { alipayPublicKey: readRsaPublicKey(mode.alipayPublicKey), certificates: null };
    } catch (err) {
      return { problems: [`ALIPAY_PUBLIC_KEY: cannot be read as a key (${(err as Error).message}).`] };
    }
  }

  const problems: string[] = [];
  const read = (name: (typeof ALIPAY_CERT_VARS)[number], value: string): string | null => {
    try {
      return readPemCertificates(value);
    } catch (err) {
      problems.push(`${name}: cannot be read as a certificate: ${(err as Error).message}.`);
      return null;
    }
  };
  const appCert = read("ALIPAY_APP_CERT", mode.appCert);
  const alipayCert = read("ALIPAY_PUBLIC_CERT", mode.alipayCert);
  const rootCert = read("ALIPAY_ROOT_CERT", mode.rootCert);
  if (!appCert || !alipayCert || !rootCert) return { problems };

  // The first certificate of each leaf file is the one Alipay means (the SDK reads the same one).
  const appKey = new X509Certificate(appCert).publicKey;
  const alipayPublicKey = new X509Certificate(alipayCert).publicKey;
  if (appKey.asymmetricKeyType !== "rsa") problems.push("ALIPAY_APP_CERT: an RSA2 certificate is needed (the app's 接口加签方式 is RSA2).");
  else if (!appKey.equals(createPublicKey(app.privateKey))) problems.push("ALIPAY_APP_CERT: its public key is not ALIPAY_PRIVATE_KEY's: use the certificate Alipay issued for this key pair (appCertPublicKey_<APPID>.crt), or the private key its request (CSR) was made with.");
  if (alipayPublicKey.asymmetricKeyType !== "rsa") problems.push("ALIPAY_PUBLIC_CERT: Alipay's RSA2 certificate is needed (alipayCertPublicKey_RSA2.crt).");
  else if (alipayPublicKey.equals(appKey)) problems.push("ALIPAY_PUBLIC_CERT: this is the app's own certificate; set Alipay's (alipayCertPublicKey_RSA2.crt).");
  if (problems.length > 0) return { problems };

  let sdk: AlipaySdk;
  try {
    sdk = new AlipaySdk(alipaySdkKeys({ appId: app.appId, privateKey: app.privateKey, alipayPublicKey, certificates: { appCert, alipayCert, rootCert } }));
  } catch (err) {
    return { problems: [`ALIPAY_APP_CERT, ALIPAY_PUBLIC_CERT, ALIPAY_ROOT_CERT: Alipay's SDK cannot read them (${(err as Error).message}).`] };
  }
  const { appCertSn, alipayCertSn, alipayRootCertSn } = sdk.config;
  if (!alipayRootCertSn) return { problems: ["ALIPAY_ROOT_CERT: holds no RSA-signed certificate, so alipay_root_cert_sn would be empty: use alipayRootCert.crt as downloaded from Alipay's open platform."] };
  return { alipayPublicKey, certificates: { appCert, alipayCert, rootCert, appCertSn, alipayCertSn, rootCertSn: alipayRootCertSn } };
}
