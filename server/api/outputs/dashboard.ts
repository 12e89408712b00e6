import { z } from "zod";
import { ASSETS } from "@/db/schema";
import { Fen } from "./money";

/* The reconciliation finance runs from the dashboard (admin.dashboard.reconcileNow): integer amounts per asset. */

export const ReconciliationOutput = z.object({
  assets: z.array(
    z.object({
      asset: z.enum(ASSETS),
      usersRunning: Fen,
      usersFromEntries: Fen,
      advertisersRunning: Fen,
      advertisersFromEntries: Fen,
      platform: Fen,
      difference: Fen,
    }),
  ),
  cash: z.object({ topupsFen: Fen, otherInFen: Fen, withdrawalsPaidFen: Fen, netInFen: Fen, heldFen: Fen, differenceFen: Fen }),
  ok: z.boolean(),
  at: z.date(),
});
