-- Open grants (pending or submitted) last changed more than $1 seconds ago, oldest first, at most
-- $2 (crate::grants::stuck). Each half of grants_open_idx (queued for the bus, and handed over)
-- is read oldest first up to the limit and the two are merged, instead of sorting every open
-- grant. The columns of a UNION carry no table, so the outer list says which are NOT NULL.
SELECT request_id AS "request_id!", source AS "source!: crate::grants::GrantSource",
       user_id AS "user_id!", campaign_id AS "campaign_id!", run_id, wallet_address AS "wallet_address!",
       coins AS "coins!", token_amount AS "token_amount!", token_type AS "token_type!",
       status AS "status!: crate::grants::GrantStatus", transaction_hash, ledger_version, job_id,
       already_paid AS "already_paid!", error_message, error_class, released AS "released!",
       retry_of, published_at, created_at AS "created_at!", updated_at AS "updated_at!", settled_at,
       idempotency_key, request_fingerprint
FROM ((SELECT request_id, source, user_id, campaign_id, run_id, wallet_address, coins, token_amount,
              token_type, status, transaction_hash, ledger_version, job_id, already_paid, error_message,
              error_class, released, retry_of, published_at, created_at, updated_at, settled_at,
              idempotency_key, request_fingerprint
         FROM grants WHERE status IN ('pending', 'submitted')
         AND (published_at IS NULL) IS TRUE
         AND updated_at < now() - make_interval(secs => $1) ORDER BY updated_at LIMIT $2)
      UNION ALL
      (SELECT request_id, source, user_id, campaign_id, run_id, wallet_address, coins, token_amount,
              token_type, status, transaction_hash, ledger_version, job_id, already_paid, error_message,
              error_class, released, retry_of, published_at, created_at, updated_at, settled_at,
              idempotency_key, request_fingerprint
         FROM grants WHERE status IN ('pending', 'submitted')
         AND (published_at IS NULL) IS FALSE
         AND updated_at < now() - make_interval(secs => $1) ORDER BY updated_at LIMIT $2)
     ) AS open_grants
ORDER BY updated_at LIMIT $2
