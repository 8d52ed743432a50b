-- The ledger run's report: the game rows it skipped, by reason ({"duplicate_user_id": n,
-- "invalid_balance": n, "no_wallet": n, "invalid_wallet": n}). Runs recorded before this report
-- counted only users_skipped_no_wallet (missing and invalid wallets together) and keep '{}'.
ALTER TABLE ledger_runs ADD COLUMN skipped JSONB NOT NULL DEFAULT '{}'::jsonb;
