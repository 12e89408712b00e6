import { ItemImage } from "../activities/item-image";

/** A product's cover (first image), or the brand placeholder tile. */
export function ProductImage({ images, alt, className = "" }: { images: readonly string[] | null | undefined; alt: string; className?: string }) {
  return <ItemImage src={images?.[0] ?? null} alt={alt} className={className} />;
}
