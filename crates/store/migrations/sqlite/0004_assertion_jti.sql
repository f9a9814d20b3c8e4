-- Client assertion ids (RFC 7523 `jti`, keyed by tenant and client) already used, with when the
-- assertion expires: in the database, so that every process on it (the CLI's admin commands, a
-- restarted server) refuses the second use of one assertion. Expired rows are deleted as new
-- ones arrive.
CREATE TABLE used_assertions (
    jti_key    TEXT    NOT NULL PRIMARY KEY,
    expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX used_assertions_by_expiry ON used_assertions (expires_at);
