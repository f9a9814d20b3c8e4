-- Webhooks: the tenant's endpoints, and the outbox of their deliveries. A delivery row is written
-- in the transaction of the event it announces (nothing announced that did not commit, nothing
-- committed forgotten); the delivery worker sends each endpoint's oldest pending one, in order,
-- under a lease (replicas never send one twice at once), and retries with backoff for 24 hours.
CREATE TABLE webhooks (
    id         uuid        PRIMARY KEY,
    tenant     uuid        NOT NULL,
    url        text        NOT NULL,
    events     text        NOT NULL,
    secret     text        NOT NULL,
    created_at timestamptz NOT NULL,
    created_by text        NOT NULL
);
CREATE INDEX webhooks_by_tenant ON webhooks (tenant);
CREATE TABLE webhook_deliveries (
    id              uuid        PRIMARY KEY,
    webhook_id      uuid        NOT NULL,
    tenant          uuid        NOT NULL,
    event           text        NOT NULL,
    payload         text        NOT NULL,
    created_at      timestamptz NOT NULL,
    status          text        NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        bigint      NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    leased_until    timestamptz,
    last_status     bigint,
    last_error      text,
    delivered_at    timestamptz
);
CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, status, id);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
