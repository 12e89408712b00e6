import type { ReactNode } from "react";

export function EmptyState({ icon, title, description, action, className = "" }: { icon?: ReactNode; title: ReactNode; description?: ReactNode; action?: ReactNode; className?: string }) {
  return (
    <div className={`flex flex-col items-center px-6 py-10 text-center ${className}`}>
      {icon ? <div className="mb-3 flex size-14 items-center justify-center rounded-full bg-neutral-100 text-neutral-400">{icon}</div> : null}
      <p className="text-[15px] font-medium text-neutral-800">{title}</p>
      {description ? <p className="mt-1 max-w-xs text-sm leading-relaxed text-neutral-500">{description}</p> : null}
      {action ? <div className="mt-4">{action}</div> : null}
    </div>
  );
}
