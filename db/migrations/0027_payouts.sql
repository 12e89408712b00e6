CREATE TABLE "payout_destinations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"account" text NOT NULL,
	"bank_code" text,
	"holder_name" text NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone,
	CONSTRAINT "payout_destinations_bank" CHECK (("payout_destinations"."kind" = 'bank_card') = ("payout_destinations"."bank_code" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "payout_events" (
	"provider" text NOT NULL,
	"provider_payout_id" text NOT NULL,
	"status" text NOT NULL,
	"payout_id" uuid,
	"outcome" text NOT NULL,
	"payload" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payout_events_pk" PRIMARY KEY("provider","provider_payout_id","status")
);
--> statement-breakpoint
CREATE TABLE "payouts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"withdrawal_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"provider_payout_id" text,
	"amount_fen" bigint NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"failure_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "payouts_withdrawal_id_unique" UNIQUE("withdrawal_id"),
	CONSTRAINT "payouts_amount_positive" CHECK ("payouts"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "sandbox_payouts" (
	"provider_payout_id" text PRIMARY KEY NOT NULL,
	"payout_id" uuid NOT NULL,
	"amount_fen" bigint NOT NULL,
	"destination_label" text NOT NULL,
	"status" text DEFAULT 'processing' NOT NULL,
	"failure_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "sandbox_payouts_payout_id_unique" UNIQUE("payout_id")
);
--> statement-breakpoint
ALTER TABLE "withdrawals" ADD COLUMN "destination_id" uuid;--> statement-breakpoint
ALTER TABLE "withdrawals" ADD COLUMN "failure_reason" text;--> statement-breakpoint
ALTER TABLE "payout_destinations" ADD CONSTRAINT "payout_destinations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_withdrawal_id_withdrawals_id_fk" FOREIGN KEY ("withdrawal_id") REFERENCES "public"."withdrawals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payout_destinations_user_idx" ON "payout_destinations" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "payout_destinations_one_default" ON "payout_destinations" USING btree ("user_id") WHERE "payout_destinations"."is_default" AND "payout_destinations"."removed_at" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "payout_destinations_unique_account" ON "payout_destinations" USING btree ("user_id","kind","account") WHERE "payout_destinations"."removed_at" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "payouts_provider_payout_id" ON "payouts" USING btree ("provider","provider_payout_id");--> statement-breakpoint
CREATE INDEX "payouts_open_idx" ON "payouts" USING btree ("status","created_at") WHERE "payouts"."status" IN ('queued', 'processing');--> statement-breakpoint
ALTER TABLE "withdrawals" ADD CONSTRAINT "withdrawals_destination_id_payout_destinations_id_fk" FOREIGN KEY ("destination_id") REFERENCES "public"."payout_destinations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "withdrawals_destination_idx" ON "withdrawals" USING btree ("destination_id");