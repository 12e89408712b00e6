import type messages from "../../messages/zh-CN.json";

// Message keys are checked at compile time: a typo in t("…") fails `tsc`, not a user's screen.
declare module "next-intl" {
  interface AppConfig {
    Messages: typeof messages;
  }
}
