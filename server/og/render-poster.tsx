import "server-only";
import { ImageResponse } from "next/og";
import QRCode from "qrcode";
import { familyOf, fontsFor } from "./cjk-font";
import type { PosterText } from "./image-text";

/** The share poster's size: 750×1334, a phone screen at 2× (long-press saves it at full size). */
export const POSTER_SIZE = { width: 750, height: 1334 } as const;
const BRAND = "#E02E24";

/** Draws the poster as a PNG (satori + resvg through next/og), with the fonts its text needs. */
export async function renderPoster(text: PosterText): Promise<ImageResponse> {
  const qr = await QRCode.toDataURL(text.url, { margin: 1, width: 320, errorCorrectionLevel: "M", color: { dark: "#171717", light: "#ffffff" } });
  const bold = [text.brand, text.invite, text.itemName, text.price].join("");
  const regular = [text.tagline, text.itemLabel, text.itemMeta, text.noItem, text.scan, text.code, text.url].join("");
  const fonts = [...(await fontsFor(bold, 700)), ...(await fontsFor(regular, 400))];
  return new ImageResponse(
    (
      <div style={{ width: "100%", height: "100%", display: "flex", flexDirection: "column", background: BRAND, fontFamily: familyOf(fonts), color: "#171717" }}>
        <div style={{ display: "flex", flexDirection: "column", alignItems: "center", padding: "72px 48px 40px", color: "#ffffff" }}>
          <div style={{ fontSize: 88, fontWeight: 700, letterSpacing: 8 }}>{text.brand}</div>
          <div style={{ fontSize: 30, marginTop: 12, opacity: 0.9 }}>{text.tagline}</div>
        </div>
        <div style={{ display: "flex", flexDirection: "column", flex: 1, margin: "0 40px 48px", background: "#ffffff", borderRadius: 32, padding: "44px 44px 36px", alignItems: "center" }}>
          <div style={{ fontSize: 40, fontWeight: 700, textAlign: "center" }}>{text.invite}</div>
          {text.itemName ? (
            <div style={{ display: "flex", flexDirection: "column", width: "100%", marginTop: 32, padding: "28px 32px", borderRadius: 24, background: "#FFF1F0" }}>
              <div style={{ fontSize: 26, color: BRAND }}>{text.itemLabel}</div>
              <div style={{ fontSize: 40, fontWeight: 700, marginTop: 8, lineHeight: 1.25 }}>{text.itemName}</div>
              <div style={{ display: "flex", alignItems: "baseline", marginTop: 12 }}>
                <div style={{ fontSize: 60, fontWeight: 700, color: BRAND }}>{text.price}</div>
              </div>
              {text.itemMeta ? <div style={{ fontSize: 26, color: "#525252", marginTop: 4 }}>{text.itemMeta}</div> : null}
            </div>
          ) : (
            <div style={{ fontSize: 32, color: "#525252", marginTop: 32, textAlign: "center" }}>{text.noItem}</div>
          )}
          <div style={{ display: "flex", flex: 1 }} />
          {/* eslint-disable-next-line @next/next/no-img-element -- satori draws <img>, not next/image */}
          <img src={qr} width={300} height={300} alt="" />
          <div style={{ fontSize: 28, marginTop: 18, color: "#404040" }}>{text.scan}</div>
          <div style={{ fontSize: 26, marginTop: 8, color: "#737373", letterSpacing: 2 }}>{text.code}</div>
        </div>
      </div>
    ),
    { ...POSTER_SIZE, fonts, headers: { "cache-control": "private, no-store" } },
  );
}
