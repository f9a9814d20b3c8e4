-- Where a journaled request came from (the client's address, its User-Agent): NULL for entries
-- written before, whose hashes do not cover them.
ALTER TABLE audit_log ADD COLUMN client_address text;
ALTER TABLE audit_log ADD COLUMN user_agent text;
-- Smart lockout's counters (`mscommerce_domain::lockout`), shared by every replica: per account
-- (`source` empty) and per account and source address. A row says nothing after `keep_until`
-- and is deleted as new failures arrive.
CREATE TABLE sign_in_failures (
    account         text        NOT NULL,
    source          text        NOT NULL,
    failures        bigint      NOT NULL,
    last_failure_at timestamptz NOT NULL,
    locked_until    timestamptz,
    keep_until      timestamptz NOT NULL,
    PRIMARY KEY (account, source)
);
CREATE INDEX sign_in_failures_by_expiry ON sign_in_failures (keep_until);
