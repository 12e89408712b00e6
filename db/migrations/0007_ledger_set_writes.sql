ALTER TABLE "ledger_entries" DROP CONSTRAINT "ledger_entries_from_same_asset";
--> statement-breakpoint
ALTER TABLE "ledger_entries" DROP CONSTRAINT "ledger_entries_to_same_asset";
--> statement-breakpoint
DROP INDEX "ledger_entries_ref_idx";--> statement-breakpoint
CREATE INDEX "ledger_entries_entry_ref_idx" ON "ledger_entries" USING btree ("ref_id") WHERE "ledger_entries"."ref_type" = 'entry';--> statement-breakpoint
-- Every entry's two accounts hold the entry's asset. The composite foreign keys checked that with two
-- lookups (and row locks) per inserted row, about 11 µs a row: a set-based settlement run inserts a
-- million entries at once. This trigger checks the same thing once per statement, over the rows the
-- statement inserted (a transition table). The error keeps the foreign keys' code and names.
-- Accounts are never deleted and never change id, asset or owner (triggers below), so what was
-- true at insert stays true, as it did with the foreign keys.
CREATE OR REPLACE FUNCTION ledger_entries_check_accounts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
BEGIN
  SELECT n.id, n.asset INTO bad FROM (SELECT DISTINCT from_account_id AS id, asset FROM new_entries) n
  WHERE NOT EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.id = n.id AND a.asset = n.asset) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'ledger entry: from_account_id % is not a % account', bad.id, bad.asset
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'ledger_entries_from_same_asset', TABLE = 'ledger_entries';
  END IF;
  SELECT n.id, n.asset INTO bad FROM (SELECT DISTINCT to_account_id AS id, asset FROM new_entries) n
  WHERE NOT EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.id = n.id AND a.asset = n.asset) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'ledger entry: to_account_id % is not a % account', bad.id, bad.asset
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'ledger_entries_to_same_asset', TABLE = 'ledger_entries';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER ledger_entries_accounts_same_asset AFTER INSERT ON ledger_entries REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_check_accounts();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ledger_accounts_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger_accounts: % rejected (entries refer to an account by id and asset; accounts are never removed or re-owned)', TG_OP USING ERRCODE = 'P0001';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER ledger_accounts_no_delete BEFORE DELETE ON ledger_accounts FOR EACH STATEMENT EXECUTE FUNCTION ledger_accounts_reject_change();
--> statement-breakpoint
CREATE TRIGGER ledger_accounts_no_truncate BEFORE TRUNCATE ON ledger_accounts FOR EACH STATEMENT EXECUTE FUNCTION ledger_accounts_reject_change();
--> statement-breakpoint
CREATE TRIGGER ledger_accounts_fixed_identity BEFORE UPDATE OF id, asset, user_id, platform_name ON ledger_accounts FOR EACH ROW
  WHEN (OLD.id IS DISTINCT FROM NEW.id OR OLD.asset IS DISTINCT FROM NEW.asset OR OLD.user_id IS DISTINCT FROM NEW.user_id OR OLD.platform_name IS DISTINCT FROM NEW.platform_name)
  EXECUTE FUNCTION ledger_accounts_reject_change();
--> statement-breakpoint
-- Half-empty pages: a balance update then writes its new row version on the same page (HOT, no
-- index touched; balance is in no index). A run updates every credit and cash row once, so a page
-- needs room for a second version of each of its rows. Applies to pages written from now on.
ALTER TABLE ledger_accounts SET (fillfactor = 50);
