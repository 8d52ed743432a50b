-- A relay pass's claim (crate::outbox): the oldest queued grants, the first half of
-- grants_open_idx, at most $1, locked so no other relay takes them.
SELECT request_id, user_id, campaign_id, wallet_address, token_amount, token_type, created_at,
       retry_count, traceparent
FROM grants
WHERE status IN ('pending', 'submitted') AND published_at IS NULL
ORDER BY updated_at LIMIT $1 FOR UPDATE SKIP LOCKED
