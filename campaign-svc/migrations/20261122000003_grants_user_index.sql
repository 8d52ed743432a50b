-- One index instead of two on every ledger grant: (user_id, run_id) is unique (one grant per user
-- per ledger run; campaign grants have no run_id, and NULLs never collide) and, led by user_id,
-- also serves the per-user lookups of GET /status. A ledger run writes a million grants at a
-- time; each index on them costs it about a tenth of its time.
DROP INDEX grants_run_user_idx;
DROP INDEX grants_user_idx;
CREATE UNIQUE INDEX grants_user_run_idx ON grants (user_id, run_id);
