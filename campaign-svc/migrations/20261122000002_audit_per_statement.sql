-- The audit trail, written once per statement instead of once per row. The relay marks whole
-- batches submitted and the results consumer settles whole batches with one UPDATE each; a row
-- trigger (plus the foreign-key check on every event it inserted) cost more than the update
-- itself. A statement trigger with transition tables records exactly the same events: one row
-- per grant whose status or release changed, in one INSERT ... SELECT.

DROP TRIGGER grants_audit ON grants;
DROP FUNCTION grants_audit();

CREATE FUNCTION grants_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO grant_events (request_id, from_status, to_status, released, detail)
    SELECT n.request_id, o.status, n.status, n.released,
           jsonb_strip_nulls(jsonb_build_object(
               'transaction_hash', n.transaction_hash,
               'ledger_version', n.ledger_version,
               'job_id', n.job_id,
               'already_paid', n.already_paid,
               'error_message', n.error_message,
               'error_class', n.error_class))
    FROM audit_new AS n JOIN audit_old AS o ON o.request_id = n.request_id
    WHERE n.status IS DISTINCT FROM o.status OR n.released IS DISTINCT FROM o.released
    ORDER BY n.request_id;
    RETURN NULL;
END $$;

CREATE TRIGGER grants_audit AFTER UPDATE ON grants
    REFERENCING OLD TABLE AS audit_old NEW TABLE AS audit_new
    FOR EACH STATEMENT EXECUTE FUNCTION grants_audit();

-- Events are only ever inserted by the trigger above, for a row it has just seen updated, and
-- grants are never deleted: the per-row foreign-key check bought nothing.
ALTER TABLE grant_events DROP CONSTRAINT grant_events_request_id_fkey;
