import { desc } from "drizzle-orm";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { sandboxPayouts } from "@/db/schema";
import { SandboxPayoutActions } from "@/components/dev/sandbox-payout-actions";
import { formatFen } from "@/components/money/format-fen";
import { appDb } from "@/server/db";
import { fromThisMachine } from "@/server/http/loopback";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sandbox payouts", robots: { index: false } };

/**
 * The sandbox payout provider's desk: the payouts finance approved, newest first, each settled here as
 * paid or failed, which sends the provider's signed callback. The sandbox pays what no enabled provider
 * pays (bank cards; everything when none is enabled). Only to a browser on this machine: everyone else gets "not found".
 */
export default async function SandboxPayoutsPage() {
  if (!fromThisMachine(await headers())) notFound();
  const rows = await appDb().select().from(sandboxPayouts).orderBy(desc(sandboxPayouts.createdAt)).limit(50);
  return (
    <main className="mx-auto max-w-4xl p-6 text-sm">
      <h1 className="mb-1 text-lg font-semibold">Sandbox payouts · 提现沙箱</h1>
      <p className="mb-4 text-neutral-500">Payouts the platform asked the sandbox provider to make (newest first). Settling one sends the signed callback. Only this machine can see this page.</p>
      <table className="w-full border-collapse">
        <thead>
          <tr className="border-b text-left text-neutral-500">
            <th className="py-2 pr-4 font-normal">time (UTC)</th>
            <th className="py-2 pr-4 font-normal">payout</th>
            <th className="py-2 pr-4 font-normal">to</th>
            <th className="py-2 pr-4 text-right font-normal">amount</th>
            <th className="py-2 font-normal">status</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.providerPayoutId} className="border-b align-top" data-testid="sandbox-payout" data-payout-id={r.payoutId}>
              <td className="py-2 pr-4 font-mono whitespace-nowrap">{r.createdAt.toISOString().slice(0, 19).replace("T", " ")}</td>
              <td className="py-2 pr-4 font-mono text-xs">{r.providerPayoutId}</td>
              <td className="py-2 pr-4">{r.destinationLabel}</td>
              <td className="tabular py-2 pr-4 text-right">{formatFen(r.amountFen)}</td>
              <td className="py-2">
                {r.status === "processing" ? (
                  <SandboxPayoutActions providerPayoutId={r.providerPayoutId} />
                ) : (
                  <span className={r.status === "succeeded" ? "text-green-700" : "text-red-700"}>
                    {r.status}
                    {r.failureReason ? ` · ${r.failureReason}` : ""}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 ? <p className="mt-4 text-neutral-500">No payouts yet.</p> : null}
    </main>
  );
}
