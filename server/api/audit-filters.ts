import { z } from "zod";

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The audit log's filters, as the console's list and its CSV export both take them. */
export const AuditFiltersSchema = z
  .object({
    actorId: z.string().uuid().optional(),
    action: z.string().min(1).max(60).optional(),
    targetType: z.string().min(1).max(40).optional(),
    targetId: z.string().min(1).max(100).optional(),
    from: Day.optional(),
    to: Day.optional(),
  })
  .strict();
