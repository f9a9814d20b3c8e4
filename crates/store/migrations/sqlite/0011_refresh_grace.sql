-- A spent refresh token remembers when it was spent and its scope: for a short grace after that
-- (`mscommerce_domain::rotation`), presenting it again is honoured with a new token of the same
-- family rather than taken for a replay (two processes sharing one token cache renew at once).
-- Tokens spent before this migration have neither: they stay replays.
ALTER TABLE spent_refresh_tokens ADD COLUMN spent_at INTEGER;
ALTER TABLE spent_refresh_tokens ADD COLUMN scope TEXT;
