import { createHash, generateKeyPairSync, randomBytes, X509Certificate, type KeyObject } from "node:crypto";
import forge from "node-forge";

/**
 * Certificate mode (公钥证书模式) for the Alipay stand-in, made at test time: a root CA and the two leaf
 * certificates Alipay's open platform hands an operator (the app's, for the app's key pair; Alipay's,
 * for the key Alipay signs with), all RSA 2048. node:crypto reads certificates but cannot issue them,
 * so node-forge (a devDependency) builds and signs them.
 *
 * The SNs are computed here as Alipay documents them, independently of the SDK our server uses:
 * MD5 (hex) of the issuer's distinguished name written from the last attribute to the first
 * (`CN=…,OU=…,O=…,C=CN`) followed by the serial number in decimal; the root file's SN joins, with `_`,
 * the SNs of its certificates signed with RSA (OIDs 1.2.840.113549.1.1.*, i.e. sha1WithRSA /
 * sha256WithRSA), skipping the others (Alipay's root file also holds SM2 and ECDSA roots).
 */

const RSA_SIGNATURE_OID_PREFIX = "1.2.840.113549.1.1.";
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

const pemBlocks = (pem: string): string[] => pem.match(PEM_BLOCK) ?? [];

/** The SN of one certificate (the first in the text). */
export function alipayCertSn(pem: string): string {
  const cert = new X509Certificate(pemBlocks(pem)[0] ?? "");
  const issuer = cert.issuer.split("\n").reverse().join(",");
  return createHash("md5").update(issuer + BigInt(`0x${cert.serialNumber}`).toString(10), "utf8").digest("hex");
}

/** The signature algorithm's OID of a PEM certificate, read from its DER (Certificate.signatureAlgorithm). */
function signatureOid(pem: string): string {
  const der = forge.util.decode64(pem.replace(/-----[A-Z ]+-----|\s+/g, ""));
  const certificate = forge.asn1.fromDer(der).value as forge.asn1.Asn1[];
  const algorithm = (certificate[1]?.value as forge.asn1.Asn1[] | undefined)?.[0];
  return forge.asn1.derToOid(String(algorithm?.value ?? ""));
}

/** The SN of Alipay's root certificate file: its RSA-signed certificates' SNs joined by `_`. */
export function alipayRootCertSn(pem: string): string {
  return pemBlocks(pem)
    .filter((block) => signatureOid(block).startsWith(RSA_SIGNATURE_OID_PREFIX))
    .map(alipayCertSn)
    .join("_");
}

type Name = { C: string; O: string; OU: string; CN: string };
const attributes = (n: Name): forge.pki.CertificateField[] => [
  { shortName: "C", value: n.C },
  { shortName: "O", value: n.O },
  { shortName: "OU", value: n.OU },
  { shortName: "CN", value: n.CN },
];
const forgePublic = (k: KeyObject) => forge.pki.publicKeyFromPem(k.export({ type: "spki", format: "pem" }).toString());
const forgePrivate = (k: KeyObject) => forge.pki.privateKeyFromPem(k.export({ type: "pkcs1", format: "pem" }).toString());
/** 16 random bytes, positive (high bit clear) and without a leading zero byte, as CAs write serials. */
const serialHex = () => {
  const b = randomBytes(16);
  b[0] = ((b[0] ?? 0) & 0x7f) | 0x10;
  return b.toString("hex");
};

interface Issuer {
  name: Name;
  privateKey: KeyObject;
}

function issue(subject: Name, publicKey: KeyObject, issuer: Issuer, opts: { ca: boolean; digest?: "sha256" | "sha1"; serial?: string }): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forgePublic(publicKey);
  cert.serialNumber = opts.serial ?? serialHex();
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 24 * 3600_000);
  cert.validity.notAfter = new Date(now + (opts.ca ? 20 : 5) * 365 * 24 * 3600_000);
  cert.setSubject(attributes(subject));
  cert.setIssuer(attributes(issuer.name));
  cert.setExtensions(opts.ca ? [{ name: "basicConstraints", cA: true, critical: true }, { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true }] : [{ name: "keyUsage", digitalSignature: true, nonRepudiation: true, keyEncipherment: true, dataEncipherment: true, critical: true }]);
  cert.sign(forgePrivate(issuer.privateKey), (opts.digest === "sha1" ? forge.md.sha1 : forge.md.sha256).create());
  return forge.pki.certificateToPem(cert);
}

export interface AlipayCertificateSet {
  /** alipayRootCert.crt: two RSA roots (sha256WithRSA and an older sha1WithRSA one), as Alipay's holds two. */
  rootCert: string;
  /** appCertPublicKey_<APPID>.crt, for the app's key pair. */
  appCert: string;
  /** alipayCertPublicKey_RSA2.crt, for the key the stand-in signs with. */
  alipayCert: string;
  /** Another certificate from the same CA (e.g. the app's key again under a new serial: another SN). */
  issueLeaf(publicKey: KeyObject, commonName: string): string;
}

/** A root CA and the two leaves for the stand-in's app and Alipay keys (made per test run, never real ones). */
export function makeAlipayCertificates(keys: { appId: string; sellerId: string; appPublicKey: KeyObject; alipayPublicKey: KeyObject }): AlipayCertificateSet {
  // Keys from node:crypto (much faster than forge's own generation); forge only issues and signs.
  const rootKeys = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const legacyKeys = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const root: Issuer = { name: { C: "CN", O: "Pinpin Test", OU: "Certification Authority", CN: "Pinpin Test Certification Authority R1" }, privateKey: rootKeys.privateKey };
  const legacy: Issuer = { name: { C: "CN", O: "Pinpin Test", OU: "Test Trust Network", CN: "Pinpin Test Class 2 Root CA - G3" }, privateKey: legacyKeys.privateKey };
  const rootCert = [issue(root.name, rootKeys.publicKey, root, { ca: true }), issue(legacy.name, legacyKeys.publicKey, legacy, { ca: true, digest: "sha1" })].join("\n");
  const leaf = (publicKey: KeyObject, commonName: string) => issue({ C: "CN", O: "Pinpin Test Merchant", OU: "Alipay", CN: commonName }, publicKey, root, { ca: false });
  return {
    rootCert,
    appCert: leaf(keys.appPublicKey, `${keys.sellerId}-${keys.appId}`),
    alipayCert: leaf(keys.alipayPublicKey, `Alipay Stand-in-${keys.sellerId}`),
    issueLeaf: leaf,
  };
}
