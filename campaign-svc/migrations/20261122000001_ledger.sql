-- The payout ledger. Amounts are integers (BIGINT): coins in the game's units, tokens in base
-- units. No floating point anywhere near money.

CREATE TYPE grant_status AS ENUM ('pending', 'submitted', 'completed', 'failed');

-- Campaigns granted over HTTP. A campaign not listed here pays DEFAULT_CAMPAIGN_AMOUNT once per user.
CREATE TABLE campaigns (
    campaign_id   TEXT PRIMARY KEY,
    token_amount  BIGINT NOT NULL CHECK (token_amount > 0),
    allow_repeats BOOLEAN NOT NULL DEFAULT false,
    active        BOOLEAN NOT NULL DEFAULT true,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One row per ledger run that got the lock.
CREATE TABLE ledger_runs (
    run_id            BIGSERIAL PRIMARY KEY,
    trigger           TEXT NOT NULL,
    status            TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed')),
    error             TEXT,
    started_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at       TIMESTAMPTZ,
    users_scanned     BIGINT NOT NULL DEFAULT 0,
    users_skipped_no_wallet BIGINT NOT NULL DEFAULT 0,
    grants_created    BIGINT NOT NULL DEFAULT 0,
    coins_credited    BIGINT NOT NULL DEFAULT 0,
    tokens_granted    BIGINT NOT NULL DEFAULT 0
);

-- Per user: the coins already turned into grants that have not been released by a failure.
-- delta = game balance - credited.
CREATE TABLE user_ledger (
    user_id    TEXT PRIMARY KEY,
    credited   BIGINT NOT NULL DEFAULT 0 CHECK (credited >= 0),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
) WITH (fillfactor = 50);  -- room for HOT updates: every run rewrites credited in place

-- One row per payout. The row is also its own outbox entry: published_at stays NULL until the
-- relay has handed the request to Pub/Sub, so recording a grant and queueing its publication
-- are one insert in one transaction.
CREATE TABLE grants (
    request_id          UUID PRIMARY KEY,
    source              TEXT NOT NULL CHECK (source IN ('ledger', 'campaign', 'retry')),
    user_id             TEXT NOT NULL,
    campaign_id         TEXT NOT NULL,
    -- (no foreign keys on run_id / retry_of: a per-row RI trigger would dominate a million-row
    -- ledger run; both are only ever written by code that has just read the referenced row)
    run_id              BIGINT,
    -- (a bounded repetition such as {64} makes Postgres' regex engine ~15x slower: length + '+')
    wallet_address      TEXT NOT NULL CHECK (length(wallet_address) = 66
                                             AND (wallet_address COLLATE "C") ~ '^0x[0-9a-f]+$'),
    coins               BIGINT NOT NULL DEFAULT 0 CHECK (coins >= 0),
    token_amount        BIGINT NOT NULL CHECK (token_amount > 0),
    token_type          TEXT NOT NULL,
    status              grant_status NOT NULL DEFAULT 'pending',
    -- one grant per (user, campaign) for campaigns without repeats; cleared when a failure
    -- releases the grant so the user can be granted again
    dedupe_key          TEXT,
    idempotency_key     TEXT,
    request_fingerprint TEXT,
    transaction_hash    TEXT,
    ledger_version      BIGINT,
    job_id              BIGINT,
    already_paid        BOOLEAN NOT NULL DEFAULT false,
    error_message       TEXT,
    error_class         TEXT,
    released            BOOLEAN NOT NULL DEFAULT false,
    retry_count         INT NOT NULL DEFAULT 0,
    retry_of            UUID,
    traceparent         TEXT,
    published_at        TIMESTAMPTZ,
    publish_attempts    INT NOT NULL DEFAULT 0,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    settled_at          TIMESTAMPTZ
);
-- Partial unique indexes: ledger grants (most rows) carry none of these keys and pay nothing
-- for them.
CREATE UNIQUE INDEX grants_dedupe_key_idx ON grants (dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE UNIQUE INDEX grants_idempotency_key_idx ON grants (idempotency_key)
    WHERE idempotency_key IS NOT NULL;
CREATE UNIQUE INDEX grants_run_user_idx ON grants (run_id, user_id) WHERE run_id IS NOT NULL;
CREATE INDEX grants_retry_of_idx ON grants (retry_of) WHERE retry_of IS NOT NULL;
CREATE INDEX grants_user_idx ON grants (user_id, created_at DESC);
CREATE INDEX grants_outbox_idx ON grants (created_at) WHERE published_at IS NULL;
CREATE INDEX grants_open_idx ON grants (updated_at) WHERE status IN ('pending', 'submitted');
CREATE INDEX grants_failed_idx ON grants (updated_at) WHERE status = 'failed';

-- The audit trail: every status change of every grant, written by a trigger so no code path
-- can change a grant without leaving a record. Append-only.
CREATE TABLE grant_events (
    event_id    BIGSERIAL PRIMARY KEY,
    request_id  UUID NOT NULL REFERENCES grants (request_id),
    from_status grant_status,
    to_status   grant_status NOT NULL,
    released    BOOLEAN NOT NULL DEFAULT false,
    detail      JSONB NOT NULL DEFAULT '{}'::jsonb,
    at          TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX grant_events_request_idx ON grant_events (request_id, event_id);

CREATE FUNCTION grant_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'grant_events is append-only';
END $$;
CREATE TRIGGER grant_events_no_update BEFORE UPDATE OR DELETE ON grant_events
    FOR EACH ROW EXECUTE FUNCTION grant_events_append_only();

CREATE FUNCTION grants_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IS DISTINCT FROM OLD.status OR NEW.released IS DISTINCT FROM OLD.released THEN
        INSERT INTO grant_events (request_id, from_status, to_status, released, detail)
        VALUES (NEW.request_id, OLD.status, NEW.status, NEW.released,
                jsonb_strip_nulls(jsonb_build_object(
                    'transaction_hash', NEW.transaction_hash,
                    'ledger_version', NEW.ledger_version,
                    'job_id', NEW.job_id,
                    'already_paid', NEW.already_paid,
                    'error_message', NEW.error_message,
                    'error_class', NEW.error_class)));
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER grants_audit AFTER UPDATE ON grants
    FOR EACH ROW EXECUTE FUNCTION grants_audit();
