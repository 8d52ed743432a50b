-- Notifications (issue 17): the events the game learns of, recorded as an outbox.
--
-- Every event is a row of notification_events, written in the same transaction as the change it
-- reports, so a change that commits always has its event and a change that rolled back has none:
-- * grant.completed / grant.failed: by a trigger on grants, whatever code path changes the status
--   (the results state machine, an operator failing a stuck grant, any later one);
-- * grant.created (opt-in, NOTIFY_GRANT_CREATED): by a trigger on grants that fires only on
--   connections where campaign-svc set `campaign_svc.notify_grant_created = on` (its pool does so
--   when the setting is on). The WHEN clause is evaluated per row before anything is queued, so
--   with the setting off a million-grant ledger run pays one comparison per row;
-- * ledger_run.finished: by the statement that writes the run's report (crate::ledger).
-- Relays then hand each event on: `published_at` marks it handed to the Pub/Sub topic,
-- `fanned_out_at` marks its webhook deliveries created.

CREATE TABLE notification_events (
    -- UUID v7 (time-ordered), the id receivers dedupe on
    event_id      UUID PRIMARY KEY DEFAULT grant_request_id(),
    event_type    TEXT NOT NULL,
    -- the grant it is about (NULL for ledger_run.finished and webhook.test)
    request_id    UUID,
    user_id       TEXT,
    campaign_id   TEXT,
    -- the whole event as delivered: {"id", "type", "timestamp", "data"}
    payload       JSONB NOT NULL,
    -- the grant's W3C trace context, carried by every delivery
    traceparent   TEXT,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at  TIMESTAMPTZ,
    fanned_out_at TIMESTAMPTZ
);
CREATE INDEX notification_events_unpublished_idx ON notification_events (created_at)
    WHERE published_at IS NULL;
CREATE INDEX notification_events_unfanned_idx ON notification_events (created_at)
    WHERE fanned_out_at IS NULL;
CREATE INDEX notification_events_request_idx ON notification_events (request_id)
    WHERE request_id IS NOT NULL;

-- A grant's public fields, as every grant event carries them (what GET /grants/{id} shows, less
-- the caller's idempotency key and the outbox's bookkeeping). `reason` and `class` repeat a
-- failure's error_message and error_class under the names the events document.
CREATE FUNCTION notification_grant_data(g grants) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'request_id', g.request_id,
        'source', g.source,
        'user_id', g.user_id,
        'campaign_id', g.campaign_id,
        'run_id', g.run_id,
        'wallet_address', g.wallet_address,
        'coins', g.coins,
        'token_amount', g.token_amount,
        'token_type', g.token_type,
        'status', g.status,
        'transaction_hash', g.transaction_hash,
        'ledger_version', g.ledger_version,
        'job_id', g.job_id,
        'already_paid', g.already_paid,
        'released', g.released,
        'reason', g.error_message,
        'class', g.error_class,
        'retry_count', g.retry_count,
        'created_at', g.created_at,
        'settled_at', g.settled_at)
$$;

CREATE FUNCTION notification_grant_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    kind TEXT;
    id   UUID := grant_request_id();
    at   TIMESTAMPTZ := clock_timestamp();
BEGIN
    IF TG_OP = 'INSERT' THEN
        kind := 'grant.created';
    ELSIF NEW.status = 'completed' THEN
        kind := 'grant.completed';
    ELSE
        kind := 'grant.failed';
    END IF;
    INSERT INTO notification_events (event_id, event_type, request_id, user_id, campaign_id,
                                     payload, traceparent, created_at)
    VALUES (id, kind, NEW.request_id, NEW.user_id, NEW.campaign_id,
            jsonb_build_object('id', id, 'type', kind, 'timestamp', at,
                               'data', notification_grant_data(NEW)),
            NEW.traceparent, at);
    RETURN NULL;
END $$;

CREATE TRIGGER grants_notify_settled AFTER UPDATE OF status ON grants
    FOR EACH ROW
    WHEN (NEW.status IS DISTINCT FROM OLD.status AND NEW.status IN ('completed', 'failed'))
    EXECUTE FUNCTION notification_grant_event();

CREATE TRIGGER grants_notify_created AFTER INSERT ON grants
    FOR EACH ROW
    WHEN (current_setting('campaign_svc.notify_grant_created', true) = 'on')
    EXECUTE FUNCTION notification_grant_event();
