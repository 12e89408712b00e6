import type { ReactNode } from "react";
import { PageHeader } from "../shop/page-header";
import { Card } from "../ui/card";

/** The shopper app's full-page message (not found, failed): header home, an icon, what happened, and the ways on. */
export function StatusCard({ header, homeLabel, icon, kicker, title, body, children, testId }: { header: string; homeLabel: string; icon: ReactNode; kicker?: ReactNode; title: string; body: ReactNode; children: ReactNode; testId: string }) {
  return (
    <>
      <PageHeader title={header} backHref="/" backLabel={homeLabel} />
      <div className="px-4 pt-6 pb-10">
        <Card className="flex flex-col items-center px-6 py-10 text-center" data-testid={testId}>
          <span className="mb-3 flex size-14 items-center justify-center rounded-full bg-brand/10 text-brand">{icon}</span>
          {kicker}
          <h2 className="text-lg font-semibold text-neutral-900">{title}</h2>
          <div className="mt-1.5 max-w-xs text-sm leading-relaxed text-neutral-500">{body}</div>
          <div className="mt-6 flex w-full flex-col gap-2">{children}</div>
        </Card>
      </div>
    </>
  );
}
