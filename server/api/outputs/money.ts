import { z } from "zod";
import { PAYMENT_PROVIDERS, PAYMENT_STATUSES, SETTLEMENT_JOBS, SETTLEMENT_RUN_STATUSES } from "@/db/schema";
import { POOL_PHASES } from "../../domain/pool/pool-phase";

/*
 * Output schemas of the procedures that return money: what leaves the server is checked against
 * them (integer fen and points, never a float or a string), and the client's types follow them.
 */

/** Integer fen (or points): never a fraction, never past what a number holds exactly. */
export const Fen = z.number().int().safe();

export const SettlementRunOutput = z.object({
  id: z.number().int(),
  job: z.enum(SETTLEMENT_JOBS),
  runKey: z.string(),
  period: z.string(),
  status: z.enum(SETTLEMENT_RUN_STATUSES),
  params: z.unknown(),
  poolFen: Fen,
  paidFen: Fen,
  remainderFen: Fen,
  payees: z.number().int(),
  entriesPosted: z.number().int(),
  resumeAfter: z.number().int().nullable(),
  error: z.string().nullable(),
  startedBy: z.string().nullable(),
  startedAt: z.date(),
  finishedAt: z.date().nullable(),
});

export const RunOutcomeOutput = z.object({ ranNow: z.boolean(), run: SettlementRunOutput });

export const SettlementDayOutput = z.object({ ranNow: z.boolean(), run: SettlementRunOutput.nullable(), skipped: z.boolean() });

const PoolCalendarOutput = z.object({ phase: z.enum(POOL_PHASES), month: z.string(), nextPhaseAt: z.date(), nextPhase: z.enum(POOL_PHASES) });

export const PoolSummaryOutput = PoolCalendarOutput.extend({
  divPoints: Fen,
  myPoints: Fen,
  totalPoints: Fen,
  shareBp: z.number().int(),
  shareRatioBp: z.number().int(),
  estimate: z.object({ basedOnMonth: z.string(), profitFen: Fen, payoutFen: Fen }).nullable(),
  serverNow: z.date(),
});

export const PoolHistoryOutput = z.array(z.object({ kind: z.enum(["in", "out", "settlement"]), points: Fen, amountFen: Fen, period: z.string().nullable(), at: z.date() }));

export const PoolOverviewOutput = z.object({
  calendar: PoolCalendarOutput,
  holders: z.number().int(),
  totalPoints: Fen,
  settings: z.object({ shareRatioBp: z.number().int() }),
  violations: z.array(z.string()),
  runs: z.array(SettlementRunOutput),
});

export const TopupOutput = z.object({
  id: z.string(),
  amountFen: Fen,
  currency: z.string(),
  provider: z.enum(PAYMENT_PROVIDERS),
  status: z.enum(PAYMENT_STATUSES),
  createdAt: z.date(),
  purpose: z.string(),
  storeOrderId: z.string().nullable(),
  joinActivityId: z.string().nullable(),
});

export const NewTopupOutput = z.object({ id: z.string(), amountFen: Fen, payUrl: z.string() });
