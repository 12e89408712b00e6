DROP INDEX "entries_day_idx";--> statement-breakpoint
CREATE INDEX "entries_day_idx" ON "entries" USING btree ("business_day");--> statement-breakpoint
-- Room on each page for the draw to rewrite an entry in place (HOT): the draw updates every entry once.
ALTER TABLE "entries" SET (fillfactor = 70);
