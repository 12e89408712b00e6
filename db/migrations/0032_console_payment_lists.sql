CREATE INDEX "gateway_refunds_created_idx" ON "gateway_refunds" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "gateway_refunds_order_idx" ON "gateway_refunds" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "payment_orders_created_idx" ON "payment_orders" USING btree ("created_at","id");