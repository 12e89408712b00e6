CREATE TABLE "payment_checks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"payment_order_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "gateway_refunds" ALTER COLUMN "order_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "gateway_refunds" ALTER COLUMN "order_refund_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "gateway_refunds" ADD COLUMN "kind" text DEFAULT 'store_refund' NOT NULL;--> statement-breakpoint
ALTER TABLE "gateway_refunds" ADD COLUMN "currency" text DEFAULT 'CNY' NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_checks" ADD CONSTRAINT "payment_checks_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_checks" ADD CONSTRAINT "payment_checks_payment_order_id_payment_orders_id_fk" FOREIGN KEY ("payment_order_id") REFERENCES "public"."payment_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payment_checks_user_idx" ON "payment_checks" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "payment_checks_order_idx" ON "payment_checks" USING btree ("payment_order_id","created_at");--> statement-breakpoint
ALTER TABLE "gateway_refunds" ADD CONSTRAINT "gateway_refunds_store_has_order" CHECK ("gateway_refunds"."kind" <> 'store_refund' OR ("gateway_refunds"."order_id" IS NOT NULL AND "gateway_refunds"."order_refund_id" IS NOT NULL));