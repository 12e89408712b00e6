CREATE TABLE "activities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"price_fen" bigint NOT NULL,
	"group_size" integer NOT NULL,
	"winners" integer NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone,
	"config" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "activities_k_lt_n" CHECK ("activities"."winners" >= 1 AND "activities"."winners" < "activities"."group_size"),
	CONSTRAINT "activities_price_positive" CHECK ("activities"."price_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "activity_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"activity_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"image_url" text,
	"product_id" uuid,
	"position" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "draw_counters" (
	"user_id" uuid NOT NULL,
	"activity_id" uuid NOT NULL,
	"consecutive_wins" integer DEFAULT 0 NOT NULL,
	"streak_block_left" integer DEFAULT 0 NOT NULL,
	"wins_in_period" integer DEFAULT 0 NOT NULL,
	"total_block_left" integer DEFAULT 0 NOT NULL,
	"window_entries" integer DEFAULT 0 NOT NULL,
	"window_wins" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"group_id" uuid NOT NULL,
	"activity_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"seat" integer NOT NULL,
	"price_fen" bigint NOT NULL,
	"first_of_day" boolean NOT NULL,
	"first_ever" boolean NOT NULL,
	"business_day" text NOT NULL,
	"eligible" boolean,
	"ineligible_reason" text,
	"outcome" text,
	"dividend_pool_fen" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "entries_group_seat" UNIQUE("group_id","seat"),
	CONSTRAINT "entries_seat_positive" CHECK ("entries"."seat" >= 1)
);
--> statement-breakpoint
CREATE TABLE "groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"activity_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"seed_hex" text NOT NULL,
	"commitment" text NOT NULL,
	"price_fen" bigint NOT NULL,
	"group_size" integer NOT NULL,
	"winners" integer NOT NULL,
	"config" jsonb NOT NULL,
	"seats_taken" integer DEFAULT 0 NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"filled_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"winner_seats" jsonb,
	"close_reason" text,
	CONSTRAINT "groups_seed_hex_unique" UNIQUE("seed_hex"),
	CONSTRAINT "groups_activity_number" UNIQUE("activity_id","number"),
	CONSTRAINT "groups_seats_in_range" CHECK ("groups"."seats_taken" >= 0 AND "groups"."seats_taken" <= "groups"."group_size")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "notifications_dedupe_key_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "prizes" (
	"entry_id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "promoter_status" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"valid_until" timestamp with time zone NOT NULL,
	"last_entry_day" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "activity_items" ADD CONSTRAINT "activity_items_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draw_counters" ADD CONSTRAINT "draw_counters_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draw_counters" ADD CONSTRAINT "draw_counters_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entries" ADD CONSTRAINT "entries_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entries" ADD CONSTRAINT "entries_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entries" ADD CONSTRAINT "entries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entries" ADD CONSTRAINT "entries_item_id_activity_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."activity_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "groups" ADD CONSTRAINT "groups_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prizes" ADD CONSTRAINT "prizes_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prizes" ADD CONSTRAINT "prizes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prizes" ADD CONSTRAINT "prizes_item_id_activity_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."activity_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promoter_status" ADD CONSTRAINT "promoter_status_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activity_items_activity_idx" ON "activity_items" USING btree ("activity_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "draw_counters_pk" ON "draw_counters" USING btree ("user_id","activity_id");--> statement-breakpoint
CREATE INDEX "entries_user_idx" ON "entries" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "entries_group_user_idx" ON "entries" USING btree ("group_id","user_id");--> statement-breakpoint
CREATE INDEX "entries_day_idx" ON "entries" USING btree ("business_day","outcome");--> statement-breakpoint
CREATE UNIQUE INDEX "groups_one_open_per_activity" ON "groups" USING btree ("activity_id") WHERE "groups"."status" = 'open';--> statement-breakpoint
CREATE INDEX "groups_status_idx" ON "groups" USING btree ("status","expires_at");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at");