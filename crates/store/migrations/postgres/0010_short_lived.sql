-- Short-lived entries every replica must see: the identity provider's authorization codes and
-- the admin page's sessions, so that the browser may come back to any replica. `key` is a hash
-- of the secret the client holds (never the secret); `value` is the entry (a session's is
-- encrypted under that secret). Expired rows are deleted as new ones of their kind arrive.
CREATE TABLE short_lived (
    kind       text        NOT NULL,
    key        text        NOT NULL,
    value      text        NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (kind, key)
);
CREATE INDEX short_lived_by_expiry ON short_lived (kind, expires_at);
