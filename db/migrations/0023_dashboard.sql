CREATE TABLE "dashboard_balances" (
	"day" date NOT NULL,
	"asset" text NOT NULL,
	"holder" text NOT NULL,
	"balance" bigint NOT NULL,
	"running" bigint,
	CONSTRAINT "dashboard_balances_pk" PRIMARY KEY("day","asset","holder")
);
--> statement-breakpoint
CREATE TABLE "dashboard_counts" (
	"day" date NOT NULL,
	"metric" text NOT NULL,
	"value" integer NOT NULL,
	CONSTRAINT "dashboard_counts_pk" PRIMARY KEY("day","metric")
);
--> statement-breakpoint
CREATE TABLE "dashboard_days" (
	"day" date PRIMARY KEY NOT NULL,
	"taken_at" timestamp with time zone NOT NULL,
	"with_running" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dashboard_flows" (
	"day" date NOT NULL,
	"asset" text NOT NULL,
	"reason" text NOT NULL,
	"from_holder" text NOT NULL,
	"to_holder" text NOT NULL,
	"entries" integer NOT NULL,
	"amount" bigint NOT NULL,
	CONSTRAINT "dashboard_flows_pk" PRIMARY KEY("day","asset","reason","from_holder","to_holder")
);
--> statement-breakpoint
CREATE INDEX "users_created_idx" ON "users" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "groups_dissolved_at_idx" ON "groups" USING btree ("closed_at") WHERE "groups"."status" = 'dissolved';--> statement-breakpoint
CREATE INDEX "orders_store_paid_idx" ON "orders" USING btree ("paid_at") WHERE "orders"."kind" = 'store';--> statement-breakpoint
-- The dashboard reads a day that has no snapshot yet (today, mostly) from the ledger by created_at.
-- A BRIN index: entries arrive in time order, so a block range summary (min/max created_at per 32
-- pages) finds a day's blocks; it costs inserts almost nothing (no per-row index entry, unlike a
-- B-tree on the hottest insert of the platform). autosummarize keeps the summaries current as ranges fill.
CREATE INDEX "ledger_entries_created_brin" ON "ledger_entries" USING brin ("created_at") WITH (pages_per_range = 32, autosummarize = on);--> statement-breakpoint
ALTER TABLE "dashboard_days" ADD CONSTRAINT "dashboard_days_with_running" CHECK ("with_running" IN ('yes', 'no'));
