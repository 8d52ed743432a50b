-- What operators did to individual grants through the admin API, beside the automatic trail in
-- grant_events: who (the API key's identity: the first 16 hex digits of its SHA-256, or 'open'
-- when the API runs without keys), what, to which grant, why, and what the chain said at the
-- time. Written in the same transaction as the change it records.
CREATE TABLE admin_actions (
    action_id   BIGSERIAL PRIMARY KEY,
    action      TEXT NOT NULL,
    request_id  UUID NOT NULL,
    actor       TEXT NOT NULL,
    reason      TEXT NOT NULL,
    detail      JSONB NOT NULL DEFAULT '{}'::jsonb,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX admin_actions_request_id ON admin_actions (request_id);
