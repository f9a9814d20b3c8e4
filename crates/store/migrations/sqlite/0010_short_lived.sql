-- Short-lived entries every process on the database must see: the identity provider's
-- authorization codes and the admin page's sessions, so that behind several replicas the
-- browser may come back to any of them. `key` is a hash of the secret the client holds (never
-- the secret); `value` is the entry (a session's is encrypted under that secret). Expired rows
-- are deleted as new ones of their kind arrive.
CREATE TABLE short_lived (
    kind       TEXT    NOT NULL,
    key        TEXT    NOT NULL,
    value      TEXT    NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (kind, key)
) STRICT;
CREATE INDEX short_lived_by_expiry ON short_lived (kind, expires_at);
