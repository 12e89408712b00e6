"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

/** Settles one sandbox payout: paid, or failed with a reason (what a bank would say). Developer page, English and Chinese side by side. */
export function SandboxPayoutActions({ providerPayoutId }: { providerPayoutId: string }) {
  const router = useRouter();
  const [reason, setReason] = useState("收款账户户名不符 / account name mismatch");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function settle(outcome: "succeeded" | "failed") {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(`/api/sandbox-payouts/${providerPayoutId}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(outcome === "failed" ? { outcome, failureReason: reason } : { outcome }),
      });
      if (!res.ok) setError(`callback answered ${res.status}`);
      router.refresh();
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="flex flex-wrap items-center gap-2">
      <button type="button" disabled={busy} onClick={() => settle("succeeded")} className="min-h-9 rounded bg-green-600 px-3 text-white disabled:opacity-50">
        Paid · 确认到账
      </button>
      <input aria-label="failure reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} className="min-h-9 w-64 rounded border border-neutral-300 px-2" />
      <button type="button" disabled={busy} onClick={() => settle("failed")} className="min-h-9 rounded bg-red-600 px-3 text-white disabled:opacity-50">
        Fail · 付款失败
      </button>
      {error ? <span className="text-red-700">{error}</span> : null}
    </div>
  );
}
