import Link from "next/link";
import type { ButtonHTMLAttributes, ComponentProps, ReactNode } from "react";
import { Spinner } from "./spinner";

type Variant = "primary" | "secondary" | "ghost" | "neutral" | "outline";
type Size = "md" | "lg" | "sm";

const VARIANTS: Record<Variant, string> = {
  primary: "bg-brand text-white hover:bg-brand-dark active:bg-brand-dark disabled:bg-brand/50",
  secondary: "bg-neutral-900 text-white hover:bg-neutral-800 disabled:bg-neutral-400",
  outline: "border border-brand text-brand bg-white hover:bg-brand/5 disabled:opacity-50",
  ghost: "bg-transparent text-neutral-700 hover:bg-neutral-100 disabled:opacity-50",
  neutral: "bg-white border border-neutral-300 text-neutral-800 hover:border-brand hover:text-brand disabled:opacity-50",
};

// Every size keeps a 44 px tap target on touch screens except `sm`, which is for dense desktop tables.
const SIZES: Record<Size, string> = {
  sm: "h-8 px-3 text-sm rounded-md",
  md: "min-h-11 px-4 text-[15px] rounded-lg",
  lg: "min-h-12 px-5 text-base rounded-full w-full",
};

export function buttonClass(variant: Variant = "primary", size: Size = "md", extra = ""): string {
  return `inline-flex items-center justify-center gap-2 font-medium transition-colors select-none disabled:cursor-not-allowed ${VARIANTS[variant]} ${SIZES[size]} ${extra}`;
}

export function Button({
  variant = "primary",
  size = "md",
  loading = false,
  className = "",
  children,
  disabled,
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; size?: Size; loading?: boolean; children: ReactNode }) {
  return (
    <button type="button" className={buttonClass(variant, size, className)} disabled={disabled || loading} aria-busy={loading || undefined} {...rest}>
      {loading ? <Spinner className="-ml-1" /> : null}
      {children}
    </button>
  );
}

export function ButtonLink({ variant = "primary", size = "md", className = "", ...rest }: ComponentProps<typeof Link> & { variant?: Variant; size?: Size }) {
  return <Link className={buttonClass(variant, size, className)} {...rest} />;
}
