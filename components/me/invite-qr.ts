import "server-only";
import QRCode from "qrcode";

/** The invitation link as a QR code, drawn on the server as an SVG data URL (no client JavaScript). */
export async function inviteQrDataUrl(url: string): Promise<string> {
  const svg = await QRCode.toString(url, { type: "svg", margin: 1, errorCorrectionLevel: "M", color: { dark: "#171717", light: "#ffffff" } });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
