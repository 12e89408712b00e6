CREATE TABLE "held_payment_actions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"payment_order_id" uuid NOT NULL,
	"action" text NOT NULL,
	"outcome" text NOT NULL,
	"reason" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"refund_reference" text,
	"actor_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "held_payment_actions_payment_order_id_unique" UNIQUE("payment_order_id"),
	CONSTRAINT "held_payment_actions_reason_length" CHECK (char_length("held_payment_actions"."reason") BETWEEN 2 AND 200),
	CONSTRAINT "held_payment_actions_amount" CHECK ("held_payment_actions"."amount" >= 0)
);
--> statement-breakpoint
ALTER TABLE "payment_orders" ADD COLUMN "review_code" text;--> statement-breakpoint
ALTER TABLE "payment_orders" ADD COLUMN "review_params" jsonb;--> statement-breakpoint
ALTER TABLE "held_payment_actions" ADD CONSTRAINT "held_payment_actions_payment_order_id_payment_orders_id_fk" FOREIGN KEY ("payment_order_id") REFERENCES "public"."payment_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "held_payment_actions" ADD CONSTRAINT "held_payment_actions_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "held_payment_actions_created_idx" ON "held_payment_actions" USING btree ("created_at");--> statement-breakpoint
-- Payments held before reasons had codes: "gateway reported <amount> <currency>" becomes a code and its
-- figures (a currency unlike the order's is a currency mismatch); any other text is kept as it was.
UPDATE "payment_orders" o SET
  "review_code" = CASE WHEN p.m IS NULL THEN 'legacy' WHEN upper(p.m[2]) <> o."currency" THEN 'currency_mismatch' ELSE 'amount_mismatch' END,
  "review_params" = CASE WHEN p.m IS NULL THEN jsonb_build_object('text', coalesce(o."review_reason", ''))
    ELSE jsonb_build_object('reportedAmount', p.m[1]::bigint, 'reportedCurrency', upper(p.m[2])) END
FROM (SELECT "id", regexp_match("review_reason", '^gateway reported (-?\d{1,18}) ([A-Za-z]{3})$') AS m FROM "payment_orders" WHERE "review_reason" IS NOT NULL OR "status" = 'review') p
WHERE o."id" = p."id";
