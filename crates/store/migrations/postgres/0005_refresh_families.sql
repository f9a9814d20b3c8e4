-- Refresh-token families (RFC 9700 §4.14.2): every token of one sign-in carries the family of
-- the first; a spent token is remembered until it would have expired, so that presenting it again
-- is told from an unknown token and revokes the whole family. Tokens issued before this migration
-- have no family (NULL): they rotate as before, and their successors start one.
ALTER TABLE refresh_tokens ADD COLUMN family uuid;
CREATE INDEX refresh_tokens_by_family ON refresh_tokens (family);
CREATE TABLE spent_refresh_tokens (
    token_hash text        PRIMARY KEY,
    family     uuid        NOT NULL,
    tenant     uuid        NOT NULL,
    user_oid   uuid        NOT NULL,
    client_id  text        NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX spent_refresh_tokens_by_expiry ON spent_refresh_tokens (expires_at);
-- Families revoked by a replay, until their last token would have expired: a token of a revoked
-- family stored later (a rotation racing the replay) is refused too.
CREATE TABLE revoked_refresh_families (
    family     uuid        PRIMARY KEY,
    expires_at timestamptz NOT NULL
);
