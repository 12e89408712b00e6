/** Completed ÷ started as "87.5%" (one decimal, rounded half up on integers), or "—" with nothing started. */
export function formatRate(completed: number, started: number): string {
  if (!(started > 0)) return "—";
  const tenths = Math.round((completed * 1000) / started);
  return `${Math.floor(tenths / 10)}.${tenths % 10}%`;
}
