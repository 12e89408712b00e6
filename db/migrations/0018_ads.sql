CREATE TABLE "ad_callbacks" (
	"network" text NOT NULL,
	"transaction_id" text NOT NULL,
	"view_id" uuid,
	"outcome" text NOT NULL,
	"query" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ad_callbacks_pk" PRIMARY KEY("network","transaction_id")
);
--> statement-breakpoint
CREATE TABLE "ad_campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"advertiser_id" uuid NOT NULL,
	"name" text NOT NULL,
	"creative_url" text NOT NULL,
	"creative_type" text NOT NULL,
	"duration_seconds" integer NOT NULL,
	"price_per_view_fen" bigint NOT NULL,
	"budget_fen" bigint NOT NULL,
	"committed_fen" bigint DEFAULT 0 NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ad_campaigns_within_budget" CHECK ("ad_campaigns"."committed_fen" >= 0 AND "ad_campaigns"."committed_fen" <= "ad_campaigns"."budget_fen"),
	CONSTRAINT "ad_campaigns_price_positive" CHECK ("ad_campaigns"."price_per_view_fen" > 0),
	CONSTRAINT "ad_campaigns_duration" CHECK ("ad_campaigns"."duration_seconds" BETWEEN 5 AND 120)
);
--> statement-breakpoint
CREATE TABLE "ad_networks" (
	"network" text PRIMARY KEY NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"secret" text DEFAULT '' NOT NULL,
	"key_url" text DEFAULT '' NOT NULL,
	"revenue_per_view_fen" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ad_prepayments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"advertiser_id" uuid NOT NULL,
	"amount_fen" bigint NOT NULL,
	"reference" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ad_prepayments_reference" UNIQUE("advertiser_id","reference"),
	CONSTRAINT "ad_prepayments_amount_positive" CHECK ("ad_prepayments"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "ad_sets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"business_day" text NOT NULL,
	"set_no" integer NOT NULL,
	"device_id" text NOT NULL,
	"status" text DEFAULT 'watching' NOT NULL,
	"views_required" integer NOT NULL,
	"views_done" integer DEFAULT 0 NOT NULL,
	"reward_fen" bigint DEFAULT 0 NOT NULL,
	"points_spent" bigint DEFAULT 0 NOT NULL,
	"commission_fen" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_activity_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "ad_sets_user_day_no" UNIQUE("user_id","business_day","set_no"),
	CONSTRAINT "ad_sets_views" CHECK ("ad_sets"."views_done" >= 0 AND "ad_sets"."views_done" <= "ad_sets"."views_required")
);
--> statement-breakpoint
CREATE TABLE "ad_views" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"set_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"campaign_id" uuid,
	"network" text,
	"nonce" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"price_fen" bigint DEFAULT 0 NOT NULL,
	"duration_seconds" integer NOT NULL,
	"ip" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"completes_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"transaction_id" text,
	CONSTRAINT "ad_views_nonce_unique" UNIQUE("nonce"),
	CONSTRAINT "ad_views_network_txn" UNIQUE("network","transaction_id"),
	CONSTRAINT "ad_views_source" CHECK (("ad_views"."campaign_id" IS NULL) <> ("ad_views"."network" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "advertisers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"contact" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ledger_accounts" DROP CONSTRAINT "ledger_accounts_one_owner";--> statement-breakpoint
ALTER TABLE "ledger_accounts" DROP CONSTRAINT "ledger_accounts_user_not_negative";--> statement-breakpoint
ALTER TABLE "ledger_accounts" DROP CONSTRAINT "ledger_accounts_platform_balance_derived";--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD COLUMN "advertiser_id" uuid;--> statement-breakpoint
ALTER TABLE "ad_campaigns" ADD CONSTRAINT "ad_campaigns_advertiser_id_advertisers_id_fk" FOREIGN KEY ("advertiser_id") REFERENCES "public"."advertisers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ad_prepayments" ADD CONSTRAINT "ad_prepayments_advertiser_id_advertisers_id_fk" FOREIGN KEY ("advertiser_id") REFERENCES "public"."advertisers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ad_prepayments" ADD CONSTRAINT "ad_prepayments_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ad_sets" ADD CONSTRAINT "ad_sets_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ad_views" ADD CONSTRAINT "ad_views_set_id_ad_sets_id_fk" FOREIGN KEY ("set_id") REFERENCES "public"."ad_sets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ad_views" ADD CONSTRAINT "ad_views_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ad_views" ADD CONSTRAINT "ad_views_campaign_id_ad_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."ad_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ad_campaigns_advertiser_idx" ON "ad_campaigns" USING btree ("advertiser_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ad_sets_one_watching" ON "ad_sets" USING btree ("user_id") WHERE "ad_sets"."status" = 'watching';--> statement-breakpoint
CREATE INDEX "ad_sets_device_day_idx" ON "ad_sets" USING btree ("device_id","business_day");--> statement-breakpoint
CREATE INDEX "ad_sets_completed_idx" ON "ad_sets" USING btree ("completed_at") WHERE "ad_sets"."status" = 'completed';--> statement-breakpoint
CREATE UNIQUE INDEX "ad_views_one_open" ON "ad_views" USING btree ("set_id") WHERE "ad_views"."status" = 'open';--> statement-breakpoint
CREATE INDEX "ad_views_set_idx" ON "ad_views" USING btree ("set_id");--> statement-breakpoint
CREATE INDEX "ad_views_ip_idx" ON "ad_views" USING btree ("ip","opened_at");--> statement-breakpoint
CREATE INDEX "ad_views_open_idx" ON "ad_views" USING btree ("completes_at") WHERE "ad_views"."status" = 'open';--> statement-breakpoint
CREATE INDEX "ad_views_campaign_idx" ON "ad_views" USING btree ("campaign_id","opened_at");--> statement-breakpoint
CREATE INDEX "ad_views_opened_idx" ON "ad_views" USING btree ("opened_at");--> statement-breakpoint
CREATE INDEX "ad_views_closed_idx" ON "ad_views" USING btree ("closed_at") WHERE "ad_views"."status" = 'completed';--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_advertiser_id_advertisers_id_fk" FOREIGN KEY ("advertiser_id") REFERENCES "public"."advertisers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_advertiser_asset" UNIQUE("advertiser_id","asset");--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_one_owner" CHECK (num_nonnulls("ledger_accounts"."user_id", "ledger_accounts"."platform_name", "ledger_accounts"."advertiser_id") = 1);--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_user_not_negative" CHECK ("ledger_accounts"."platform_name" IS NOT NULL OR "ledger_accounts"."balance" >= 0);--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_platform_balance_derived" CHECK ("ledger_accounts"."platform_name" IS NULL OR "ledger_accounts"."balance" = 0);--> statement-breakpoint
-- Accounts never change owner: the identity trigger (migration 0007) covers the new owner column too.
DROP TRIGGER ledger_accounts_fixed_identity ON ledger_accounts;
--> statement-breakpoint
CREATE TRIGGER ledger_accounts_fixed_identity BEFORE UPDATE OF id, asset, user_id, platform_name, advertiser_id ON ledger_accounts FOR EACH ROW
  WHEN (OLD.id IS DISTINCT FROM NEW.id OR OLD.asset IS DISTINCT FROM NEW.asset OR OLD.user_id IS DISTINCT FROM NEW.user_id OR OLD.platform_name IS DISTINCT FROM NEW.platform_name OR OLD.advertiser_id IS DISTINCT FROM NEW.advertiser_id)
  EXECUTE FUNCTION ledger_accounts_reject_change();
