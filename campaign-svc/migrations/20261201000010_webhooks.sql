-- Webhooks (issue 17): endpoints registered through the admin API, one delivery per (endpoint,
-- event), and every attempt kept.

CREATE TABLE webhook_endpoints (
    endpoint_id                UUID PRIMARY KEY DEFAULT grant_request_id(),
    url                        TEXT NOT NULL,
    event_types                TEXT[] NOT NULL,
    description                TEXT,
    -- the signing secret, sealed with WEBHOOK_SECRETS_KEY (AES-256-GCM, nonce first): a dump of
    -- this table alone does not reveal it
    secret_sealed              BYTEA NOT NULL,
    -- the secret before the last rotation, which still signs until previous_secret_expires_at
    previous_secret_sealed     BYTEA,
    previous_secret_expires_at TIMESTAMPTZ,
    enabled                    BOOLEAN NOT NULL DEFAULT true,
    -- set by the first failed attempt after a success; the endpoint is disabled when every
    -- attempt has failed for WEBHOOK_DISABLE_AFTER_SECS
    failing_since              TIMESTAMPTZ,
    disabled_at                TIMESTAMPTZ,
    disabled_reason            TEXT,
    created_at                 TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                 TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE webhook_deliveries (
    delivery_id      UUID PRIMARY KEY DEFAULT grant_request_id(),
    endpoint_id      UUID NOT NULL REFERENCES webhook_endpoints (endpoint_id) ON DELETE CASCADE,
    event_id         UUID NOT NULL REFERENCES notification_events (event_id),
    -- pending (to be attempted at next_attempt_at), delivered (a 2xx), failed (gave up after
    -- WEBHOOK_RETRY_FOR_SECS of failures; a replay makes it pending again)
    status           TEXT NOT NULL DEFAULT 'pending'
                         CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         INT NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- a worker holds the delivery until then; a worker that died lets it go when it expires
    leased_until     TIMESTAMPTZ,
    first_attempt_at TIMESTAMPTZ,
    delivered_at     TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (endpoint_id, event_id)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at)
    WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, created_at DESC);

CREATE TABLE webhook_attempts (
    attempt_id       BIGSERIAL PRIMARY KEY,
    delivery_id      UUID NOT NULL REFERENCES webhook_deliveries (delivery_id) ON DELETE CASCADE,
    attempted_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- the receiver's HTTP status, NULL when none came back (refused, timed out, unsafe address)
    status_code      INT,
    error            TEXT,
    latency_ms       INT NOT NULL,
    -- the first bytes of the receiver's answer
    response_snippet TEXT
);
CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (delivery_id, attempt_id);
