/**
 * Alipay's and WeChat Pay's local stand-ins (tests/support/stand-ins), for trying the payment flows
 * by hand: starts both with fresh keys and prints the variables to export before `npm start`.
 *
 *   npx tsx scripts/stand-ins.ts [public base URL, default http://localhost:3000]
 */
import { makeStandInCredentials, standInEnv } from "../tests/support/stand-ins/stand-in-credentials";
import { startStandIns } from "../tests/support/stand-ins/start-stand-ins";

const publicBaseUrl = process.argv[2] ?? "http://localhost:3000";
const credentials = makeStandInCredentials();
const standIns = await startStandIns(credentials);
const vars = { ...standInEnv(credentials, { alipayGateway: standIns.alipay.gateway, wechatOrigin: standIns.wechatpay.origin, publicBaseUrl }), PAYMENT_GATEWAY: "sandbox" };
console.log(`# Alipay stand-in ${standIns.alipay.origin}, WeChat Pay stand-in ${standIns.wechatpay.origin}. Export, then npm start:`);
for (const [k, v] of Object.entries(vars)) console.log(`export ${k}='${v.replace(/\n/g, "\\n")}'`);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void standIns.close().then(() => process.exit(0)));
