import { CopyButton } from "./copy-button";
import { inviteQrDataUrl } from "./invite-qr";

/** The invitation link as a QR code drawn on the server, the link itself, and a copy button (我的, 推广中心). */
export async function InviteLinkQr({ url, qrAlt, copyLabel }: { url: string; qrAlt: string; copyLabel: string }) {
  const qr = await inviteQrDataUrl(url);
  return (
    <div className="flex flex-col items-center gap-3 rounded-xl border border-dashed border-neutral-200 p-4">
      {/* eslint-disable-next-line @next/next/no-img-element -- a data URL drawn on the server */}
      <img src={qr} alt={qrAlt} width={168} height={168} className="size-42" />
      <p className="tabular text-center text-xs break-all text-neutral-600" data-testid="invite-link">
        {url}
      </p>
      <CopyButton text={url} label={copyLabel} />
    </div>
  );
}
