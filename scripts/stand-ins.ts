/**
 * Alipay's and WeChat Pay's local stand-ins (tests/support/stand-ins), for trying the payment flows
 * by hand: starts both with fresh keys and prints the variables to export before `npm start`.
 *
 *   npx tsx scripts/stand-ins.ts [--alipay-certificates] [public base URL, default http://localhost:3000]
 *
 * --alipay-certificates: Alipay in certificate mode (公钥证书), with a root CA and certificates made now.
 */
import { makeStandInCredentials, standInEnv, withAlipayCertificates } from "../tests/support/stand-ins/stand-in-credentials";
import { startStandIns } from "../tests/support/stand-ins/start-stand-ins";

const args = process.argv.slice(2);
const publicBaseUrl = args.find((a) => !a.startsWith("--")) ?? "http://localhost:3000";
const credentials = args.includes("--alipay-certificates") ? withAlipayCertificates(makeStandInCredentials()) : makeStandInCredentials();
const standIns = await startStandIns(credentials);
const vars = { ...standInEnv(credentials, { alipayGateway: standIns.alipay.gateway, wechatOrigin: standIns.wechatpay.origin, publicBaseUrl }), PAYMENT_GATEWAY: "sandbox" };
console.log(`# Alipay stand-in ${standIns.alipay.origin}, WeChat Pay stand-in ${standIns.wechatpay.origin}. Export, then npm start:`);
for (const [k, v] of Object.entries(vars)) console.log(`export ${k}='${v.replace(/\n/g, "\\n")}'`);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void standIns.close().then(() => process.exit(0)));
