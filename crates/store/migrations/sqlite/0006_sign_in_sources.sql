-- Where a journaled request came from (the client's address, its User-Agent): NULL for entries
-- written before, whose hashes do not cover them.
ALTER TABLE audit_log ADD COLUMN client_address TEXT;
ALTER TABLE audit_log ADD COLUMN user_agent TEXT;
-- Smart lockout's counters (`mscommerce_domain::lockout`), shared by every process on the
-- database: per account (`source` empty) and per account and source address. A row says nothing
-- after `keep_until` and is deleted as new failures arrive.
CREATE TABLE sign_in_failures (
    account         TEXT    NOT NULL,
    source          TEXT    NOT NULL,
    failures        INTEGER NOT NULL,
    last_failure_at INTEGER NOT NULL,
    locked_until    INTEGER,
    keep_until      INTEGER NOT NULL,
    PRIMARY KEY (account, source)
) STRICT;
CREATE INDEX sign_in_failures_by_expiry ON sign_in_failures (keep_until);
