"use client";

import { NextIntlClientProvider, type AbstractIntlMessages } from "next-intl";
import { useEffect, useState } from "react";
import { ErrorView } from "@/components/errors/error-view";
import { ShopFrame } from "@/components/shop/shop-frame";
import { LOCALE_COOKIE, pickLocale, type Locale } from "@/server/i18n/locales";
import "./globals.css";

/**
 * The root layout itself failed, so there is no message provider: read the language cookie and load
 * that language's messages here (only when this page is shown), then draw the usual error view.
 */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const [intl, setIntl] = useState<{ locale: Locale; messages: AbstractIntlMessages } | null>(null);
  useEffect(() => {
    const cookie = document.cookie.split("; ").find((c) => c.startsWith(`${LOCALE_COOKIE}=`));
    const locale = pickLocale(cookie?.slice(LOCALE_COOKIE.length + 1));
    void import(`../messages/${locale}.json`).then((m: { default: AbstractIntlMessages }) => setIntl({ locale, messages: m.default }));
  }, []);
  return (
    <html lang={intl?.locale ?? "zh-CN"}>
      <body>
        {intl ? (
          <NextIntlClientProvider locale={intl.locale} messages={intl.messages} timeZone="Asia/Shanghai">
            <ShopFrame>
              <ErrorView digest={error.digest} onRetry={reset} />
            </ShopFrame>
          </NextIntlClientProvider>
        ) : null}
      </body>
    </html>
  );
}
