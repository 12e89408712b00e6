import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from "react";
import { Switch as UiSwitch } from "@/components/ui/switch";

/*
 * The dense controls of the ads forms (36 px, as the console's other editors): each field is its label,
 * the control, and its error (or hint) right under it, tied to the control for screen readers.
 */

function Labelled({ id, label, error, hint, className = "", children }: { id: string; label: ReactNode; error?: string | null; hint?: ReactNode; className?: string; children: ReactNode }) {
  return (
    <div className={`flex min-w-0 flex-col gap-1 ${className}`}>
      <label htmlFor={id} className="text-xs font-medium text-neutral-600">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-note`} role="alert" className="text-xs text-brand">
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-note`} className="text-xs text-neutral-400">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

function boxClass(error: boolean, disabled: boolean): string {
  return `flex h-9 items-center rounded-md border px-2.5 ${error ? "border-brand" : "border-neutral-300 focus-within:border-neutral-500"} ${disabled ? "bg-neutral-50" : "bg-white"}`;
}

export function TextField({
  label,
  error,
  hint,
  prefix,
  suffix,
  className,
  testId,
  onValue,
  disabled = false,
  ...rest
}: Omit<InputHTMLAttributes<HTMLInputElement>, "prefix" | "onChange"> & { label: ReactNode; error?: string | null; hint?: ReactNode; prefix?: string; suffix?: string; testId?: string; onValue: (value: string) => void }) {
  const id = useId();
  return (
    <Labelled id={id} label={label} error={error} hint={hint} className={className}>
      <span className={boxClass(!!error, disabled)}>
        {prefix ? <span className="mr-1 text-sm text-neutral-400">{prefix}</span> : null}
        <input
          id={id}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={error || hint ? `${id}-note` : undefined}
          data-testid={testId}
          onChange={(e) => onValue(e.target.value)}
          className="tabular h-full w-full min-w-0 bg-transparent text-sm outline-none placeholder:text-neutral-400 disabled:text-neutral-500"
          {...rest}
        />
        {suffix ? <span className="ml-1 text-sm whitespace-nowrap text-neutral-400">{suffix}</span> : null}
      </span>
    </Labelled>
  );
}

export function SelectField({ label, error, hint, className, onValue, children, disabled = false, ...rest }: Omit<SelectHTMLAttributes<HTMLSelectElement>, "onChange"> & { label: ReactNode; error?: string | null; hint?: ReactNode; onValue: (value: string) => void; children: ReactNode }) {
  const id = useId();
  return (
    <Labelled id={id} label={label} error={error} hint={hint} className={className}>
      <select
        id={id}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={error || hint ? `${id}-note` : undefined}
        onChange={(e) => onValue(e.target.value)}
        className={`h-9 rounded-md border bg-white px-2 text-sm outline-none disabled:bg-neutral-50 disabled:text-neutral-500 ${error ? "border-brand" : "border-neutral-300 focus:border-neutral-500"}`}
        {...rest}
      >
        {children}
      </select>
    </Labelled>
  );
}

/** An on/off switch with its visible label beside it. */
export function Switch({ on, onChange, label, disabled, testId }: { on: boolean; onChange: (on: boolean) => void; label: string; disabled?: boolean; testId?: string }) {
  return (
    <label className="inline-flex cursor-pointer items-center gap-2 text-sm text-neutral-700 has-[button:disabled]:cursor-not-allowed">
      <UiSwitch on={on} onChange={onChange} label={label} disabled={disabled} testId={testId} />
      <span aria-hidden="true">{label}</span>
    </label>
  );
}
