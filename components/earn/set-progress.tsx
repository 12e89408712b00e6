/** The set as N segments: the ads done are full, the one playing fills as its time passes. */
export function SetProgress({ done, total, current, label }: { done: number; total: number; current: number; label: string }) {
  return (
    <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} className="flex gap-1">
      {Array.from({ length: total }, (_, i) => {
        const fill = i < done ? 1 : i === done ? Math.min(1, Math.max(0, current)) : 0;
        return (
          <span key={i} className="h-1 flex-1 overflow-hidden rounded-full bg-white/25">
            <span className="block h-full rounded-full bg-brand transition-[width] duration-200 ease-linear" style={{ width: `${fill * 100}%` }} />
          </span>
        );
      })}
    </div>
  );
}
