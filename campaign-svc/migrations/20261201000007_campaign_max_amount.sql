-- The most a caller may ask for in a campaign (issue 15 item 7). NULL: the campaign's own
-- token_amount, so a grant-scope key cannot raise an admin-set amount. Never below token_amount,
-- or a grant of the campaign's own amount would exceed it.
ALTER TABLE campaigns
    ADD COLUMN max_amount BIGINT CHECK (max_amount > 0),
    ADD CONSTRAINT campaigns_max_amount_covers_token_amount
        CHECK (max_amount IS NULL OR max_amount >= token_amount);
