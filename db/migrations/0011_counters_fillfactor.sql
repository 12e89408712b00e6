-- Rows rewritten on every draw (counters) or join (promoter validity) with no indexed column changed:
-- room on each page keeps those updates in place (HOT).
ALTER TABLE "draw_counters" SET (fillfactor = 70);--> statement-breakpoint
ALTER TABLE "promoter_status" SET (fillfactor = 70);
