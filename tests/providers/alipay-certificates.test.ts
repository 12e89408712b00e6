import { execFileSync } from "node:child_process";
import { createHash, generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createAlipayClient } from "@/server/providers/alipay/create-alipay-client";
import { readProviderConfigs, type ProviderEnv } from "@/server/providers/provider-env";
import { readPemCertificates } from "@/server/providers/read-keys";
import { alipayCertSn, alipayRootCertSn } from "../support/stand-ins/alipay-certificates";
import { makeStandInCredentials, standInEnv, withAlipayCertificates } from "../support/stand-ins/stand-in-credentials";

/**
 * Certificate mode's SNs and its start-up checks. The test vector: certificates Alipay issued (see
 * fixtures/alipay/README.md) with the SNs published for them; the SDK our server signs with, the stand-in's
 * own computation, and OpenSSL's view of the same certificates must all give those values.
 */
const fixture = (name: string) => join(__dirname, "fixtures/alipay", name);
const REAL = {
  appCert: fixture("appCertPublicKey_2021001161683774.crt"),
  alipayCert: fixture("alipayCertPublicKey_RSA2.crt"),
  rootCert: fixture("alipayRootCert.crt"),
};
const PUBLISHED = { appCertSn: "866efef280dec9137a87d047ac446315", alipayCertSn: "7513daaaa48aa3ba2e4018d84402479c", rootCertSn: "687b59193f3f462dd5336e5abf83c5d8_02941eef3187dddf3d3b83462e1dfcf6" };
const text = (path: string) => readFileSync(path, "utf8");
/** Made once, outside any test's time limit (RSA keys and forge's signatures take seconds on a busy machine). */
const creds = withAlipayCertificates(makeStandInCredentials());
const set = creds.alipay.certificates!;

const openssl = (() => {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
/** The SN as OpenSSL sees the certificate: issuer in RFC 2253 order (last RDN first) + decimal serial, MD5. */
function opensslSn(pem: string): string {
  const read = (flag: string) => execFileSync("openssl", ["x509", "-noout", flag, "-nameopt", "RFC2253"], { input: pem }).toString().trim();
  const issuer = read("-issuer").replace(/^issuer=/, "");
  const serial = BigInt(`0x${read("-serial").replace(/^serial=/, "")}`).toString(10);
  return createHash("md5").update(issuer + serial, "utf8").digest("hex");
}

describe("certificate SNs (test vector: Alipay-issued certificates)", () => {
  it("the SDK our server signs with gives the published app_cert_sn, Alipay certificate SN and alipay_root_cert_sn", () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const sdk = createAlipayClient({
      appId: "2021001161683774",
      privateKey,
      alipayPublicKey: publicKey, // unused in certificate mode: the key comes from Alipay's certificate
      certificates: { appCert: readPemCertificates(REAL.appCert), alipayCert: readPemCertificates(REAL.alipayCert), rootCert: readPemCertificates(REAL.rootCert), appCertSn: "", alipayCertSn: "", rootCertSn: "" },
      sellerId: "2088831204659217",
      gateway: "http://127.0.0.1:9/gateway.do",
    });
    expect({ appCertSn: sdk.config.appCertSn, alipayCertSn: sdk.config.alipayCertSn, rootCertSn: sdk.config.alipayRootCertSn }).toEqual(PUBLISHED);
  });

  it("the stand-in's own computation (written from Alipay's rule) gives the same values; the root's SM2 and ECDSA roots are left out", () => {
    expect(alipayCertSn(text(REAL.appCert))).toBe(PUBLISHED.appCertSn);
    expect(alipayCertSn(text(REAL.alipayCert))).toBe(PUBLISHED.alipayCertSn);
    expect(alipayRootCertSn(text(REAL.rootCert))).toBe(PUBLISHED.rootCertSn);
    expect(text(REAL.rootCert).match(/BEGIN CERTIFICATE/g)).toHaveLength(4);
  });

  it.skipIf(!openssl)("OpenSSL's issuer and serial give the same SNs (the root's two RSA certificates: the 2nd and 4th of the file)", () => {
    expect(opensslSn(text(REAL.appCert))).toBe(PUBLISHED.appCertSn);
    expect(opensslSn(text(REAL.alipayCert))).toBe(PUBLISHED.alipayCertSn);
    const roots = text(REAL.rootCert).match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    expect(`${opensslSn(roots[1]!)}_${opensslSn(roots[3]!)}`).toBe(PUBLISHED.rootCertSn);
  });

  it("certificates made for the stand-in: the server's SNs (from the SDK) equal the stand-in's and OpenSSL's", () => {
    const c = readProviderConfigs(standInEnv(creds, { alipayGateway: "http://a.example", wechatOrigin: "http://w.example", publicBaseUrl: "https://x.example" })).alipay!.certificates!;
    expect([c.appCertSn, c.alipayCertSn, c.rootCertSn]).toEqual([alipayCertSn(set.appCert), alipayCertSn(set.alipayCert), alipayRootCertSn(set.rootCert)]);
    if (openssl) expect([c.appCertSn, c.alipayCertSn]).toEqual([opensslSn(set.appCert), opensslSn(set.alipayCert)]);
  });
});

describe("certificate mode at start-up", () => {
  const certEnv = standInEnv(creds, { alipayGateway: "http://a.example", wechatOrigin: "http://w.example", publicBaseUrl: "https://x.example" });
  const publicKeyPem = creds.alipay.alipayPublicKey.export({ type: "spki", format: "pem" }).toString();
  const dir = mkdtempSync(join(tmpdir(), "alipay-certs-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const alipayOnly = (e: ProviderEnv): ProviderEnv => Object.fromEntries(Object.entries(e).filter(([k]) => k.startsWith("ALIPAY_") || k === "PUBLIC_BASE_URL"));
  const problems = (changes: Partial<Record<keyof ProviderEnv, string | undefined>>): string => {
    try {
      readProviderConfigs({ ...alipayOnly(certEnv), ...changes });
      return "accepted";
    } catch (e) {
      return (e as Error).message;
    }
  };

  it("takes the three certificates as PEM text, as one line with \\n, or as the paths of the .crt files; public-key mode still works", () => {
    const paths = { ALIPAY_APP_CERT: join(dir, `appCertPublicKey_${creds.alipay.appId}.crt`), ALIPAY_PUBLIC_CERT: join(dir, "alipayCertPublicKey_RSA2.crt"), ALIPAY_ROOT_CERT: join(dir, "alipayRootCert.crt") };
    writeFileSync(paths.ALIPAY_APP_CERT, set.appCert);
    writeFileSync(paths.ALIPAY_PUBLIC_CERT, set.alipayCert);
    writeFileSync(paths.ALIPAY_ROOT_CERT, set.rootCert);
    const fromText = readProviderConfigs(alipayOnly(certEnv)).alipay!;
    const fromPaths = readProviderConfigs({ ...alipayOnly(certEnv), ...paths }).alipay!;
    const oneLine = readProviderConfigs({ ...alipayOnly(certEnv), ALIPAY_ROOT_CERT: set.rootCert.replace(/\r?\n/g, "\\n") }).alipay!;
    expect(fromPaths.certificates).toEqual(fromText.certificates);
    expect(oneLine.certificates?.rootCertSn).toBe(fromText.certificates?.rootCertSn);
    expect(fromText.alipayPublicKey.equals(creds.alipay.alipayPublicKey)).toBe(true);
    const publicKeyMode = readProviderConfigs({ ...alipayOnly(certEnv), ALIPAY_APP_CERT: undefined, ALIPAY_PUBLIC_CERT: undefined, ALIPAY_ROOT_CERT: undefined, ALIPAY_PUBLIC_KEY: publicKeyPem }).alipay!;
    expect(publicKeyMode.certificates).toBeNull();
    expect(publicKeyMode.alipayPublicKey.equals(creds.alipay.alipayPublicKey)).toBe(true);
  });

  it("refuses half of each mode, naming what to do", () => {
    expect(problems({ ALIPAY_PUBLIC_KEY: publicKeyPem })).toMatch(/public-key mode \(ALIPAY_PUBLIC_KEY\) and certificate mode \(ALIPAY_APP_CERT, ALIPAY_PUBLIC_CERT, ALIPAY_ROOT_CERT\) are both set/);
    expect(problems({ ALIPAY_PUBLIC_KEY: publicKeyPem, ALIPAY_APP_CERT: undefined, ALIPAY_PUBLIC_CERT: undefined })).toMatch(/public-key mode \(ALIPAY_PUBLIC_KEY\) and certificate mode \(ALIPAY_ROOT_CERT\) are both set/);
    expect(problems({ ALIPAY_ROOT_CERT: undefined })).toMatch(/certificate mode is partly configured: set ALIPAY_ROOT_CERT too/);
    expect(problems({ ALIPAY_APP_CERT: undefined, ALIPAY_PUBLIC_CERT: "" })).toMatch(/set ALIPAY_APP_CERT, ALIPAY_PUBLIC_CERT too/);
    expect(problems({ ALIPAY_APP_CERT: undefined, ALIPAY_PUBLIC_CERT: undefined, ALIPAY_ROOT_CERT: undefined })).toMatch(/set Alipay's public key \(ALIPAY_PUBLIC_KEY, public-key mode\) or the three certificates/);
    // A certificate alone (no app id, key, seller) is Alipay partly configured too.
    expect(() => readProviderConfigs({ PUBLIC_BASE_URL: "https://x.example", ALIPAY_ROOT_CERT: set.rootCert })).toThrow(/Alipay is partly configured: set ALIPAY_APP_ID, ALIPAY_PRIVATE_KEY, ALIPAY_SELLER_ID too[\s\S]*certificate mode is partly configured: set ALIPAY_APP_CERT, ALIPAY_PUBLIC_CERT too/);
  });

  it("refuses certificates that cannot be what Alipay expects, each with its reason", () => {
    expect(problems({ ALIPAY_APP_CERT: join(dir, "missing.crt") })).toMatch(/ALIPAY_APP_CERT: cannot be read as a certificate: neither PEM text nor a readable file \(ENOENT\)/);
    expect(problems({ ALIPAY_PUBLIC_CERT: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----" })).toMatch(/ALIPAY_PUBLIC_CERT: cannot be read as a certificate/);
    expect(problems({ ALIPAY_ROOT_CERT: publicKeyPem })).toMatch(/ALIPAY_ROOT_CERT: cannot be read as a certificate: no PEM certificate/);
    const otherKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey;
    expect(problems({ ALIPAY_APP_CERT: set.issueLeaf(otherKey, "another app") })).toMatch(/ALIPAY_APP_CERT: its public key is not ALIPAY_PRIVATE_KEY's/);
    expect(problems({ ALIPAY_PUBLIC_CERT: set.appCert })).toMatch(/ALIPAY_PUBLIC_CERT: this is the app's own certificate/);
    // Alipay's root file without its RSA roots (only the SM2 and ECDSA ones): the root SN would be empty.
    const roots = text(REAL.rootCert).match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    expect(problems({ ALIPAY_ROOT_CERT: `${roots[0]}\n${roots[2]}` })).toMatch(/ALIPAY_ROOT_CERT: holds no RSA-signed certificate/);
  });
});
