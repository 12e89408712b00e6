/** A label and its figure on one line, the figure right-aligned (tabular digits come from the parent). */
export function FigureLine({ label, value, className = "", testId }: { label: string; value: string; className?: string; testId?: string }) {
  return (
    <div className={`flex items-baseline justify-between gap-3 ${className}`}>
      <span className="text-neutral-600">{label}</span>
      <span data-testid={testId}>{value}</span>
    </div>
  );
}
