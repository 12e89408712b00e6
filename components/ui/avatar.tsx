import { avatarDataUrl } from "./avatar-art";

/** A shopper's generated avatar in a circle. `alt` is empty where the name is written beside it. */
export function Avatar({ avatarKey, size, alt = "", className = "" }: { avatarKey: string; size: number; alt?: string; className?: string }) {
  return (
    // eslint-disable-next-line @next/next/no-img-element -- a generated data: URL, nothing to optimise
    <img src={avatarDataUrl(avatarKey)} alt={alt} width={size} height={size} style={{ width: size, height: size }} className={`shrink-0 rounded-full bg-neutral-100 ${className}`} />
  );
}
