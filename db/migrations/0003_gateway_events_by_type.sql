-- The replay guard is per (transaction, event type): a capture that follows a failure of the same
-- gateway transaction must still be applied.
ALTER TABLE "gateway_events" DROP CONSTRAINT "gateway_events_pkey";--> statement-breakpoint
ALTER TABLE "gateway_events" ADD CONSTRAINT "gateway_events_pk" PRIMARY KEY("gateway_txn_id","event_type");
