import type { CreativeType } from "@/db/schema";
import { PlayIcon } from "../../ui/icons";
import { isVideo } from "./upload-creative";

/**
 * A creative in a table row: the picture itself, or for a video a dark tile with a play mark (a table of
 * videos would otherwise download each one's first frames).
 */
export function CreativeThumb({ url, type, label }: { url: string; type: CreativeType; label: string }) {
  if (isVideo(type)) {
    return (
      <span role="img" aria-label={label} title={url} className="flex h-10 w-16 shrink-0 items-center justify-center rounded bg-neutral-800 text-white/85">
        <PlayIcon size={18} />
      </span>
    );
  }
  // eslint-disable-next-line @next/next/no-img-element -- stored creatives served by /api/images
  return <img src={url} alt={label} className="h-10 w-16 shrink-0 rounded bg-neutral-100 object-cover" loading="lazy" />;
}

/** A creative at the size an operator checks it: the picture, or the video with its controls (muted). */
export function CreativePreview({ url, type, label }: { url: string; type: CreativeType; label: string }) {
  if (isVideo(type)) return <video src={url} controls muted playsInline preload="metadata" aria-label={label} className="aspect-video w-full rounded-md bg-black" data-testid="creative-preview" />;
  // eslint-disable-next-line @next/next/no-img-element -- stored creatives served by /api/images
  return <img src={url} alt={label} className="aspect-video w-full rounded-md bg-neutral-100 object-contain" data-testid="creative-preview" />;
}
