"use client";

import { useRef } from "react";
import type { AdCreative as Creative } from "./types";

const VIDEO_TYPES = new Set(["mp4", "webm"]);

/** The campaign's creative, fitted to the stage: an image, or a muted video that cannot be sought. */
export function AdCreative({ creative }: { creative: Creative }) {
  if (VIDEO_TYPES.has(creative.type)) return <NoSeekVideo src={creative.url} label={creative.name} />;
  // A plain <img>: creatives are served as uploaded, from our own storage.
  // eslint-disable-next-line @next/next/no-img-element -- see above: no optimisation of our own uploads
  return <img src={creative.url} alt={creative.name} className="max-h-full max-w-full rounded-xl object-contain" draggable={false} />;
}

/**
 * No controls and no seeking: a seek is undone to where playback was. The ad counts by the server's
 * clock, not by the video, so a video shorter than the ad simply plays again.
 */
function NoSeekVideo({ src, label }: { src: string; label: string }) {
  const played = useRef(0);
  const rewinding = useRef(false);
  return (
    <video
      src={src}
      aria-label={label}
      autoPlay
      muted
      playsInline
      preload="auto"
      controls={false}
      disablePictureInPicture
      controlsList="nodownload nofullscreen noremoteplayback noplaybackrate"
      onContextMenu={(e) => e.preventDefault()}
      onTimeUpdate={(e) => {
        if (!e.currentTarget.seeking) played.current = e.currentTarget.currentTime;
      }}
      onSeeking={(e) => {
        const v = e.currentTarget;
        if (rewinding.current) return;
        if (Math.abs(v.currentTime - played.current) > 0.5) v.currentTime = played.current;
      }}
      onSeeked={() => {
        rewinding.current = false;
      }}
      onEnded={(e) => {
        rewinding.current = true;
        played.current = 0;
        e.currentTarget.currentTime = 0;
        void e.currentTarget.play().catch(() => undefined);
      }}
      onPause={(e) => {
        const v = e.currentTarget;
        if (!v.ended && document.visibilityState === "visible") void v.play().catch(() => undefined);
      }}
      className="max-h-full max-w-full rounded-xl object-contain"
    />
  );
}
