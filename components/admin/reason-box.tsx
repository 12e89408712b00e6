"use client";

/** Reasons operators give for an action (audited, often shown to the shopper): at most this long. */
export const REASON_MAX = 200;

/** A required reason for an operator action, with its length and an inline error. */
export function ReasonBox({ id, label, value, onChange, error, placeholder }: { id: string; label: string; value: string; onChange: (v: string) => void; error?: string; placeholder: string }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-neutral-700">
        {label}
      </label>
      <textarea
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        maxLength={REASON_MAX}
        rows={3}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        className={`w-full resize-none rounded-md border p-2 text-sm text-neutral-900 outline-none ${error ? "border-brand" : "border-neutral-300 focus:border-neutral-500"}`}
      />
      <p className="flex justify-between text-xs">
        <span className="text-brand">{error ?? ""}</span>
        <span className="tabular text-neutral-400">
          {value.length}/{REASON_MAX}
        </span>
      </p>
    </div>
  );
}

