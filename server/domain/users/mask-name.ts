/**
 * How a shopper's name appears to anyone but themself (seat maps, cards, results, referral lists,
 * invitation pages and posters): the first and last character with a star between, so that two
 * people seated side by side are told apart (张小明 → 张*明, 用户1234 → 用*4); a name of one or
 * two characters keeps only its first (张伟 → 张*), since the last would give it away whole.
 * Characters are code points, so an emoji or a rare CJK character is never cut in half.
 */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 2) return `${chars[0] ?? ""}*`;
  return `${chars[0]}*${chars[chars.length - 1]}`;
}
