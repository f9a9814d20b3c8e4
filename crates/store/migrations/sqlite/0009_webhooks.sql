-- Webhooks: the tenant's endpoints, and the outbox of their deliveries. A delivery row is written
-- in the transaction of the event it announces (nothing announced that did not commit, nothing
-- committed forgotten); the delivery worker sends each endpoint's oldest pending one, in order,
-- under a lease (replicas never send one twice at once), and retries with backoff for 24 hours.
CREATE TABLE webhooks (
    id         TEXT    NOT NULL PRIMARY KEY,
    tenant     TEXT    NOT NULL,
    url        TEXT    NOT NULL,
    events     TEXT    NOT NULL,          -- space-separated event types
    secret     TEXT    NOT NULL,          -- whsec_...: signing needs it, so it is kept as is
    created_at INTEGER NOT NULL,
    created_by TEXT    NOT NULL
) STRICT;
CREATE INDEX webhooks_by_tenant ON webhooks (tenant);
CREATE TABLE webhook_deliveries (
    id              TEXT    NOT NULL PRIMARY KEY,   -- UUIDv7: the order of deliveries
    webhook_id      TEXT    NOT NULL,
    tenant          TEXT    NOT NULL,
    event           TEXT    NOT NULL,
    payload         TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    leased_until    INTEGER,
    last_status     INTEGER,
    last_error      TEXT,
    delivered_at    INTEGER
) STRICT;
CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, status, id);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
