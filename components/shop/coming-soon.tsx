import type { ReactNode } from "react";
import { Card } from "../ui/card";

/** A placeholder tab that says, in words and a drawing, what is coming here. */
export function ComingSoon({ icon, badge, title, body, points }: { icon: ReactNode; badge: string; title: string; body: string; points: string[] }) {
  return (
    <div className="px-4 py-4">
      <Card className="overflow-hidden">
        <div className="flex flex-col items-center bg-gradient-to-b from-brand/10 to-white px-6 pt-8 pb-6 text-center">
          <div className="flex size-20 items-center justify-center rounded-3xl bg-white text-brand shadow-sm">{icon}</div>
          <span className="mt-4 rounded-full bg-brand/10 px-3 py-1 text-xs font-medium text-brand">{badge}</span>
          <h2 className="mt-3 text-lg font-semibold text-neutral-900">{title}</h2>
          <p className="mt-2 text-sm leading-relaxed text-neutral-600">{body}</p>
        </div>
        <ul className="divide-y divide-neutral-100 px-5 pb-2">
          {points.map((p) => (
            <li key={p} className="flex gap-3 py-3 text-sm text-neutral-700">
              <span aria-hidden="true" className="mt-1.5 size-1.5 shrink-0 rounded-full bg-brand" />
              <span>{p}</span>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
