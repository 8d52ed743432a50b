-- Webhook deliveries: one index fewer to write (issue 17).
--
-- webhook_deliveries_due_idx (next_attempt_at, pending only) served the first lease statement,
-- which read every endpoint's due deliveries in one order; since leasing goes endpoint by
-- endpoint (webhook_deliveries_endpoint_due_idx, migration 20261201000011) no query reads it,
-- and every delivery created paid for an entry in it. Dropping an index is safe while replicas
-- of the previous version still run: none of their queries needs it either.
DROP INDEX IF EXISTS webhook_deliveries_due_idx;
