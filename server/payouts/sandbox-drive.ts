import type { Db } from "@/db/client";
import type { Clock } from "../domain/shared/clock";
import type { Actor } from "../domain/audit/record-audit";
import { decideWithdrawal } from "../domain/wallet/decide-withdrawal";
import { submitPayout } from "../domain/payouts/submit-payout";
import { applyPayoutReport } from "../domain/payouts/apply-payout-report";
import { sandboxPayoutProvider, settleSandboxRow } from "./sandbox-payouts";

/**
 * A withdrawal taken all the way through the sandbox in this process: finance approves, the payout is
 * submitted, the sandbox settles it and its report is applied (no HTTP, no signature: the demo seed and
 * tests that need paid withdrawals, not the callback path, which has its own tests).
 */
export async function payOutThroughSandbox(
  db: Db,
  clock: Clock,
  actor: Actor,
  withdrawalId: string,
  outcome: "succeeded" | "failed" = "succeeded",
): Promise<{ outcome: string }> {
  const provider = sandboxPayoutProvider(db, clock, () => "");
  const { payoutId } = await db.transaction((tx) => decideWithdrawal(tx, clock, actor, { withdrawalId, decision: "approve" }, { payoutProviders: [] }));
  if (!payoutId) throw new Error("approval made no payout");
  await submitPayout(db, clock, provider, payoutId);
  const report = await provider.queryPayout({ payoutId, providerPayoutId: null });
  if (!report) throw new Error("the sandbox has no such payout");
  const settled = await settleSandboxRow(db, clock, { providerPayoutId: report.providerPayoutId, outcome, failureReason: outcome === "failed" ? "收款账户户名不符" : undefined });
  return db.transaction((tx) => applyPayoutReport(tx, clock, provider.name, { ...settled, payload: JSON.stringify(settled) }));
}
