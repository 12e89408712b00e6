/**
 * A shopper's default avatar, drawn from their avatar key (server/domain/users/avatar.ts): a
 * tinted tile with a friendly face whose colours, tilt, position, eyes and mouth all come from the
 * key's bytes, so the same key always draws the same face and different keys draw different ones.
 * Pure and dependency-free: the server and the browser draw the same SVG.
 */
const BACKGROUNDS = ["#FFE4E6", "#FFEDD5", "#FEF3C7", "#ECFCCB", "#DCFCE7", "#CCFBF1", "#E0F2FE", "#E0E7FF", "#EDE9FE", "#FAE8FF", "#F5F5F4", "#FFE4D6"];
const FACES = ["#E02E24", "#F97316", "#D97706", "#65A30D", "#16A34A", "#0D9488", "#0284C7", "#4F46E5", "#7C3AED", "#C026D3", "#DB2777", "#57534E"];

function keyBytes(key: string): number[] {
  const hex = /^[0-9a-f]{16,}$/i.test(key) ? key : "0".repeat(16);
  return Array.from({ length: 8 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
}

/** The SVG markup of the avatar for `key` (a 36×36 view box, square: the caller rounds it). */
export function avatarSvg(key: string): string {
  const [b0, b1, b2, b3, b4, b5, b6, b7] = keyBytes(key) as [number, number, number, number, number, number, number, number];
  const bg = BACKGROUNDS[b0 % BACKGROUNDS.length];
  let faceIndex = b1 % FACES.length;
  if (faceIndex === b0 % BACKGROUNDS.length) faceIndex = (faceIndex + 5) % FACES.length;
  const face = FACES[faceIndex];
  const tilt = (b2 % 41) - 20;
  const dx = (b3 & 7) - 3.5;
  const dy = ((b3 >> 3) & 7) - 2;
  const round = 8 + (b4 % 7);
  const spread = 3.5 + (b5 & 3);
  const eyesClosed = (b5 & 12) === 12;
  const mouthStyle = b6 % 3;
  const mouthWidth = 3 + ((b6 >> 2) & 3);
  const size = 25 + (b7 % 6);
  const cx = 18 + dx;
  const cy = 19 + dy;
  const half = size / 2;
  const eyeY = cy - 1.5;
  const mouthY = cy + 4.5;
  const eyes = eyesClosed
    ? [-1, 1].map((s) => `<path d="M${cx + s * spread - 1.6} ${eyeY + 0.6}q1.6 -1.8 3.2 0" stroke="#fff" stroke-width="1.3" fill="none" stroke-linecap="round"/>`).join("")
    : [-1, 1].map((s) => `<circle cx="${cx + s * spread}" cy="${eyeY}" r="1.6" fill="#fff"/>`).join("");
  const mouth =
    mouthStyle === 0
      ? `<path d="M${cx - mouthWidth} ${mouthY}q${mouthWidth} ${mouthWidth * 0.9} ${mouthWidth * 2} 0" stroke="#fff" stroke-width="1.4" fill="none" stroke-linecap="round"/>`
      : mouthStyle === 1
        ? `<path d="M${cx - mouthWidth * 0.7} ${mouthY + 0.5}h${mouthWidth * 1.4}" stroke="#fff" stroke-width="1.4" stroke-linecap="round"/>`
        : `<ellipse cx="${cx}" cy="${mouthY + 0.6}" rx="${mouthWidth * 0.45}" ry="1.4" fill="#fff"/>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 36 36"><rect width="36" height="36" fill="${bg}"/>` +
    `<g transform="rotate(${tilt} ${cx} ${cy})"><rect x="${cx - half}" y="${cy - half}" width="${size}" height="${size}" rx="${round}" fill="${face}"/>${eyes}${mouth}</g></svg>`
  );
}

/** The avatar as an image URL (a data: URL, which the Content-Security-Policy allows for images). */
export function avatarDataUrl(key: string): string {
  return `data:image/svg+xml;utf8,${encodeURIComponent(avatarSvg(key))}`;
}
