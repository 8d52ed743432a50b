-- The default shape of the game's User table (crate::demo). Not a migration: the game's table
-- belongs to the game, and lives in the ledger's database only for demos and tests.
CREATE TABLE IF NOT EXISTS users (
    user_id TEXT PRIMARY KEY,
    wallet_address TEXT,
    balance BIGINT NOT NULL DEFAULT 0 CHECK (balance >= 0),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now())
