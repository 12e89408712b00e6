import { createPrivateKey, generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { jsapiPayParams } from "@/server/providers/wechatpay/jsapi-params";
import { requestSignMessage, signWithMerchantKey, wechatpayAuthorization } from "@/server/providers/wechatpay/sign-request";
import { readProviderConfigs } from "@/server/providers/provider-env";

/**
 * WeChat Pay's own worked examples. Its signing guides (小程序调起支付签名 / APP调起支付签名, and the
 * request-signing guide) publish a test merchant key, `apiclient_test_key.pem`, and the signatures it
 * gives for their sample JSAPI order and pay sheet: our signing must reproduce them byte for byte.
 * (SHA256withRSA with PKCS#1 v1.5 is deterministic, so a signature is a fixed expected value.)
 */
const DOC_TEST_KEY = `-----BEGIN RSA PRIVATE KEY-----
MIIEogIBAAKCAQEAptpm+qvIDCh/9wjU26SQCK26ogYkBhDrYxnAaw2JbbBsp1oD
bHKk+1r381NeBUG2HEFAuU+Fr72u5ot3yKdzoF/FajAzQNKnm569/D3upKoi8mYB
aST15Uig8j8qoUW1U217LL0jEHlSnHV3lcaDTXqDpTRR4Bfz9IqOgJgFZ8/oTfEo
mSrjrLYef81Eyxr7ZIMQXEKKEK7V4UXKS0+/fDsiG/cXidhzt8UbTL9vqXqxM2+I
DImyO+FAc/tkBG55LmzxPto1Nq0WbnZzRM/wTzrd0I/8NlevxtFbphg4evlHjFNI
7+GrqR87ViEwuAJJ9Je5QQjct5YJfFRWiZ5CMQIDAQABAoIBAGBi/GhEgezcHIg1
ltlHaFlLGuxsRbUnYwM9phVxnXk7GJlYe2/TjpERjPkIqOC6hBwwadZjJORP3FCc
Mtc8PKRhjuZ377O7vU0915x2nnyLOGL1IE2AJ3iLi0ZFzTea0FPgg+5lWHM00s9F
YI6qPcGtS41M+xtMWwZiYE3TBBRibHiY8ugGyaNAhiMKehyW05uApjlIF55wwCGx
BkyESJpGRR/6853iHke6Ge+xVcMa9QmQdoH0QqL/8kT28PL568mJJr0Ow/83t4+d
Pe70YPzKAxgUnaDsHJqO+b8qH69AEs8rTI5h2Mon6pH+bJT66KUoiXhn+Kf+4LSs
henRP10CgYEA1QJSfuFOWVRjrg3N/rAIc/Ak84BTZavbyrkqBSuoTs9i/nMI/hOz
VxpDntg7Bx2Tctl6sZO3GioTxKdc/YYaTKci1TKBbeginpsqEQVgwkMCy8HpvUmR
fyAMqLwZC4h9+j+NiZtuoFJDTCgv+WYbasX+kWYEUM21bnSYuO7yEQsCgYEAyIdP
r9uzqPgzN34Tmx+CNTa16VjhBh+zkBtXRLDLhWBeIYxoYNJARD98Pb1XZdvpkZZW
Sk7MfaKo2/DomzyyyB/MbHWwAdFi3yb4y7uMJfyC1MzdUSNN3Vp579hJxHkJ+nN4
Ys76yfcEeVOLnvUT1Z0KKCdIWRdT1Lgi+X1itzMCgYBJUXlPzwGG4fNFj97d0X23
Wmt9nSgXkOYgi0eZbAOMzPmIF9R6kBFk49dur4Lx2g5Ms+r1gKC/0sfnIqxxX11i
EQ1+UNoYGJUB/uql3TIG68XkmKR50P7RwRhaZBRC0gJ6xrFTMjsL2ATuC88niyvY
vrn3FiRaI9RVZrDCxwxvLQKBgEXW4okEAqGBuAzGqztmkOnJoTehDdYdKmOxMgap
cGiGdKJIjX3THDDoz3ONQyglnEZpTqpYoV3MTfU0BT8zt6x9bqwDnQY1D7NalmIW
cqw0Mri8lQQSQKcsQLWo5aA466G/n5kCL1Qx5OwAjesRvhOyuvvbGpZ0ymyWqQ+t
fLkDAoGATcul1L8y5D/wNVP1GXbXMZfBsFP3bbqy8c+Ashm6g8OLm2mGNntd5Z6h
1KkID7Yksh+dZ6t7XaPBtGACXX5Eryr537JVvdX8hAVCp5HVtaN/9VBVP8Ka2e4s
VS/xeNgOMQ7uzhRPBJ8HiTmdI1nHhDnYQpGiBgQn0Z5RAkSvFMk=
-----END RSA PRIVATE KEY-----`;

const NONCE = "593BEC0C930BF1AFEB40B4A08C8FB242";
const TIMESTAMP = 1554208460;
const ORDER_BODY = '{"appid":"wxd678efh567hg6787","mchid":"1900007291","description":"Image形象店-深圳腾大-QQ公仔","out_trade_no":"1217752501201407033233368018","notify_url":"https://www.weixin.qq.com/wxpay/pay.php","amount":{"total":100,"currency":"CNY"},"payer":{"openid":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"}}';

describe("WeChat Pay's published signing examples", () => {
  const key = createPrivateKey(DOC_TEST_KEY);

  it("signs the sample JSAPI order request as the guide shows", () => {
    const message = requestSignMessage({ method: "POST", pathWithQuery: "/v3/pay/transactions/jsapi", timestamp: TIMESTAMP, nonce: NONCE, body: ORDER_BODY });
    expect(message).toBe(`POST\n/v3/pay/transactions/jsapi\n${TIMESTAMP}\n${NONCE}\n${ORDER_BODY}\n`);
    expect(signWithMerchantKey(message, key)).toBe("jnks4dlrPw3ZX+ozVvSK39oa0t7OMBsg83BHAwd8BRdUFiVaQNTLTvci+wURgP1OQBbKYhFGvt7iqYpDSTQkp7Uq1sltaQKyncCyrA1g88m5bsKERQfPyT0ahSwKTYJ1CAn9QiJuSJRq1QsQs07eehbU/k9BCS51jTyc1Jpsi2H77HF9f/BnjXAOP3/sPObg6V5Ee4EzwLox684hhuMuIwHo7D8KFk3LIHOKDcNI4It1aCXydFWNpNK+SG86VUDe5kwoDpw4Ulqfu9z8OFDGbDs9TCxEv8iqQzbpxOlEVoOe2kalSYM5kApQb3nZcxdUtoE0liJGW3RGUNE0t4v01A==");
    const header = wechatpayAuthorization({ mchId: "1900007291", merchantSerial: "408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB", merchantPrivateKey: key }, { method: "POST", pathWithQuery: "/v3/pay/transactions/jsapi", body: ORDER_BODY, timestamp: TIMESTAMP, nonce: NONCE });
    expect(header).toBe(`WECHATPAY2-SHA256-RSA2048 mchid="1900007291",nonce_str="${NONCE}",signature="jnks4dlrPw3ZX+ozVvSK39oa0t7OMBsg83BHAwd8BRdUFiVaQNTLTvci+wURgP1OQBbKYhFGvt7iqYpDSTQkp7Uq1sltaQKyncCyrA1g88m5bsKERQfPyT0ahSwKTYJ1CAn9QiJuSJRq1QsQs07eehbU/k9BCS51jTyc1Jpsi2H77HF9f/BnjXAOP3/sPObg6V5Ee4EzwLox684hhuMuIwHo7D8KFk3LIHOKDcNI4It1aCXydFWNpNK+SG86VUDe5kwoDpw4Ulqfu9z8OFDGbDs9TCxEv8iqQzbpxOlEVoOe2kalSYM5kApQb3nZcxdUtoE0liJGW3RGUNE0t4v01A==",timestamp="${TIMESTAMP}",serial_no="408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB"`);
  });

  it("signs the sample pay sheet (paySign) as the guide shows", () => {
    const params = jsapiPayParams({ appId: "wx2421b1c4370ec43b", merchantPrivateKey: key }, "wx201410272009395522657a690389285100", new Date(TIMESTAMP * 1000), NONCE);
    expect(params).toEqual({ appId: "wx2421b1c4370ec43b", timeStamp: "1554208460", nonceStr: NONCE, package: "prepay_id=wx201410272009395522657a690389285100", signType: "RSA", paySign: "mI35pfNEQV6777ke/1T+LJLQDNTm7yeoUJH+j/adPGhmCCi0PbgkvYQTRcXH0uibcLVtvFLdGLpmoYO9FV6lBBsTAjuhh5YOvQi0e2g3e0yytitiNET9FEuqM0pjnKfRW4K6LIZDdbWJv9KhZUx3DrJa5TL7OJ7VdADVivxVySIlPVKjGwuCXzuXSJes0UcILgWQUMyha5/3nYofuHtS7r+KYyMuxD+oJ9VM1Qdxk4UIG59CP5Y3wtYIFybyF3bdu1caHTRRX+DLyMXyYA/IrTmiW01c4RPjpHBX5Dk1sZyY1zVsWNsvMHr2e1NTWtBxKJ+qk5N61J7caYoepHFaxw==" });
  });

  it("reads the guide's key as an operator pastes it (PKCS#1 PEM) into WECHATPAY_PRIVATE_KEY", () => {
    const platform = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "pem" }).toString();
    const configs = readProviderConfigs({
      PUBLIC_BASE_URL: "https://shop.example",
      WECHAT_APP_ID: "wx2421b1c4370ec43b",
      WECHATPAY_MCH_ID: "1900007291",
      WECHATPAY_MCH_SERIAL: "408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB",
      WECHATPAY_PRIVATE_KEY: DOC_TEST_KEY,
      WECHATPAY_APIV3_KEY: "0123456789abcdef0123456789abcdef",
      WECHATPAY_PUBLIC_KEY_ID: "PUB_KEY_ID_0000000000000024101100397200000006",
      WECHATPAY_PUBLIC_KEY: platform,
    });
    expect(configs.wechatpay?.merchantPrivateKey.equals(key)).toBe(true);
  });
});
