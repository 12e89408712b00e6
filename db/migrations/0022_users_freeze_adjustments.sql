CREATE TABLE "manual_adjustments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"asset" text NOT NULL,
	"amount" bigint NOT NULL,
	"reason" text NOT NULL,
	"balance_before" bigint NOT NULL,
	"balance_after" bigint NOT NULL,
	"actor_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "manual_adjustments_amount_nonzero" CHECK ("manual_adjustments"."amount" <> 0),
	CONSTRAINT "manual_adjustments_reason_length" CHECK (char_length("manual_adjustments"."reason") BETWEEN 2 AND 200),
	CONSTRAINT "manual_adjustments_balances" CHECK ("manual_adjustments"."balance_after" = "manual_adjustments"."balance_before" + "manual_adjustments"."amount" AND "manual_adjustments"."balance_after" >= 0)
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "frozen_reason" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "frozen_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "frozen_by" uuid;--> statement-breakpoint
ALTER TABLE "manual_adjustments" ADD CONSTRAINT "manual_adjustments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manual_adjustments" ADD CONSTRAINT "manual_adjustments_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "manual_adjustments_user_idx" ON "manual_adjustments" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "users_frozen_idx" ON "users" USING btree ("created_at") WHERE "users"."frozen";--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_id","id");--> statement-breakpoint
CREATE INDEX "audit_log_action_idx" ON "audit_log" USING btree ("action","id");--> statement-breakpoint
-- Adjustments are a record of money moved: like the ledger and the audit log, never edited or removed.
CREATE TRIGGER manual_adjustments_append_only BEFORE UPDATE OR DELETE ON manual_adjustments FOR EACH ROW EXECUTE FUNCTION reject_mutation();--> statement-breakpoint
CREATE TRIGGER manual_adjustments_no_truncate BEFORE TRUNCATE ON manual_adjustments FOR EACH STATEMENT EXECUTE FUNCTION reject_mutation();
