-- The requeue (crate::outbox): grants handed over $1 seconds ago without a result, the oldest of
-- the second half of grants_open_idx, at most $2, back into the queue. `(published_at IS NULL)
-- IS FALSE` rather than `published_at IS NOT NULL`: the planner turns the latter into a null test
-- that no longer matches the index's boolean key, and would sort every open grant on each pass.
UPDATE grants SET published_at = NULL, updated_at = now()
WHERE request_id IN (SELECT request_id FROM grants
                     WHERE status = 'submitted' AND (published_at IS NULL) IS FALSE
                       AND updated_at < now() - make_interval(secs => $1)
                     ORDER BY updated_at LIMIT $2 FOR UPDATE SKIP LOCKED)
