-- Client assertion ids (RFC 7523 `jti`, keyed by tenant and client) already used, with when the
-- assertion expires: in the database, so that every replica refuses the second use of one
-- assertion. Expired rows are deleted as new ones arrive. (Numbered as on SQLite, whose 0003
-- has no PostgreSQL counterpart.)
CREATE TABLE used_assertions (
    jti_key    text        PRIMARY KEY,
    expires_at timestamptz NOT NULL
);
CREATE INDEX used_assertions_by_expiry ON used_assertions (expires_at);
