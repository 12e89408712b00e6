import "server-only";
import { ImageResponse } from "next/og";
import { familyOf, fontsFor } from "./cjk-font";
import type { PreviewText } from "./image-text";

/** Open Graph card size (the size WeChat, Slack, X and others crop to). */
export const PREVIEW_SIZE = { width: 1200, height: 630 } as const;
const BRAND = "#E02E24";

/** A link preview card as a PNG: the brand, a title and a line. */
export async function renderPreview(text: PreviewText): Promise<ImageResponse> {
  const fonts = [...(await fontsFor(text.brand + text.title, 700)), ...(await fontsFor(text.body, 400))];
  return new ImageResponse(
    (
      <div style={{ width: "100%", height: "100%", display: "flex", flexDirection: "column", justifyContent: "space-between", background: BRAND, padding: 72, color: "#ffffff", fontFamily: familyOf(fonts) }}>
        <div style={{ display: "flex", alignItems: "center" }}>
          <div style={{ display: "flex", width: 88, height: 88, borderRadius: 24, background: "#ffffff", color: BRAND, fontSize: 52, fontWeight: 700, alignItems: "center", justifyContent: "center" }}>{Array.from(text.brand)[0]}</div>
          <div style={{ fontSize: 52, fontWeight: 700, marginLeft: 24 }}>{text.brand}</div>
        </div>
        <div style={{ display: "flex", flexDirection: "column" }}>
          <div style={{ fontSize: 68, fontWeight: 700, lineHeight: 1.2 }}>{text.title}</div>
          <div style={{ fontSize: 36, marginTop: 20, opacity: 0.92 }}>{text.body}</div>
        </div>
      </div>
    ),
    { ...PREVIEW_SIZE, fonts, headers: { "cache-control": "public, max-age=300" } },
  );
}
