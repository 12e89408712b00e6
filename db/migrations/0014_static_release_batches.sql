CREATE TABLE "settlement_payout_batches" (
	"run_id" bigint NOT NULL,
	"first_account_id" bigint NOT NULL,
	"size" integer NOT NULL,
	"user_ids" uuid[] NOT NULL,
	"basis" bigint[] NOT NULL,
	"amounts" bigint[] NOT NULL,
	CONSTRAINT "settlement_payout_batches_pk" PRIMARY KEY("run_id","first_account_id"),
	CONSTRAINT "settlement_payout_batches_size" CHECK ("settlement_payout_batches"."size" > 0)
);
--> statement-breakpoint
-- Random uuids do not compress: storing the arrays uncompressed saves the run a compression pass per chunk.
ALTER TABLE "settlement_payout_batches" ALTER COLUMN "user_ids" SET STORAGE EXTERNAL;--> statement-breakpoint
ALTER TABLE "settlement_payout_batches" ALTER COLUMN "basis" SET STORAGE EXTERNAL;--> statement-breakpoint
ALTER TABLE "settlement_payout_batches" ALTER COLUMN "amounts" SET STORAGE EXTERNAL;
