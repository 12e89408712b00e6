-- Raises an error from inside a plain SQL statement (a CASE calls it when a condition fails), so a
-- statement sent in a pipeline can refuse a half-done write itself: the ledger's posting raises
-- IDEMPOTENCY_MISMATCH, with the first key already posted, when only part of a batch's keys went in.
CREATE OR REPLACE FUNCTION pinpin_raise(message text, detail text) RETURNS int
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = message, DETAIL = COALESCE(detail, '');
END
$$;
