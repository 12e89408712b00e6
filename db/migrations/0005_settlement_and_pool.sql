CREATE TABLE "pool_holdings" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"points" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "pool_holdings_points" CHECK ("pool_holdings"."points" >= 0 AND "pool_holdings"."points" % 100 = 0)
);
--> statement-breakpoint
CREATE TABLE "pool_moves" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"direction" text NOT NULL,
	"points" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "pool_moves_points" CHECK ("pool_moves"."points" > 0 AND "pool_moves"."points" % 100 = 0)
);
--> statement-breakpoint
CREATE TABLE "settlement_payouts" (
	"run_id" bigint NOT NULL,
	"user_id" uuid NOT NULL,
	"basis" bigint NOT NULL,
	"amount_fen" bigint NOT NULL,
	CONSTRAINT "settlement_payouts_pk" PRIMARY KEY("run_id","user_id"),
	CONSTRAINT "settlement_payouts_amount" CHECK ("settlement_payouts"."amount_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "settlement_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"job" text NOT NULL,
	"run_key" text NOT NULL,
	"period" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"params" jsonb NOT NULL,
	"pool_fen" bigint DEFAULT 0 NOT NULL,
	"paid_fen" bigint DEFAULT 0 NOT NULL,
	"remainder_fen" bigint DEFAULT 0 NOT NULL,
	"payees" integer DEFAULT 0 NOT NULL,
	"entries_posted" integer DEFAULT 0 NOT NULL,
	"error" text,
	"started_by" uuid,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "settlement_runs_run_key_unique" UNIQUE("run_key"),
	CONSTRAINT "settlement_runs_amounts" CHECK ("settlement_runs"."paid_fen" >= 0 AND "settlement_runs"."remainder_fen" >= 0)
);
--> statement-breakpoint
ALTER TABLE "pool_holdings" ADD CONSTRAINT "pool_holdings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pool_moves" ADD CONSTRAINT "pool_moves_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pool_moves_user_idx" ON "pool_moves" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "settlement_runs_job_idx" ON "settlement_runs" USING btree ("job","period");