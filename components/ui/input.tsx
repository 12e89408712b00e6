import { useId, type InputHTMLAttributes, type ReactNode } from "react";

/** A labelled input with its hint and its error right under it, where the user is looking. */
export function Field({
  label,
  hint,
  error,
  prefix,
  className = "",
  inputClassName = "",
  ...rest
}: InputHTMLAttributes<HTMLInputElement> & { label: ReactNode; hint?: ReactNode; error?: ReactNode; prefix?: ReactNode; inputClassName?: string }) {
  const id = useId();
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className={`flex flex-col gap-1.5 ${className}`}>
      <label htmlFor={id} className="text-sm font-medium text-neutral-700">
        {label}
      </label>
      <div
        className={`flex min-h-11 items-center rounded-lg border bg-white px-3 focus-within:ring-2 has-[input:disabled]:cursor-not-allowed has-[input:disabled]:bg-neutral-100 ${
          error ? "border-brand focus-within:ring-brand/20" : "border-neutral-300 focus-within:border-neutral-500 focus-within:ring-neutral-900/10"
        }`}
      >
        {prefix ? <span className="mr-1.5 text-neutral-500">{prefix}</span> : null}
        <input
          id={id}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          className={`h-11 w-full min-w-0 bg-transparent text-[15px] text-neutral-900 outline-none placeholder:text-neutral-400 disabled:cursor-not-allowed disabled:text-neutral-500 ${inputClassName}`}
          {...rest}
        />
      </div>
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-brand">
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="text-xs text-neutral-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** A form-level message (not tied to one field). */
export function FormError({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <p role="alert" className="rounded-lg bg-brand/5 px-3 py-2.5 text-sm text-brand">
      {children}
    </p>
  );
}
