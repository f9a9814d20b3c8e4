-- What storefronts record (`POST /v1.0/selfServicePurchases`): one row per event, checked against
-- the tenant's policy in the transaction that inserts it. Ids are UUIDv7: their text order is
-- their time order, the paging cursor.
CREATE TABLE self_service_purchases (
    id                  uuid        PRIMARY KEY,
    tenant              uuid        NOT NULL,
    at                  timestamptz NOT NULL,
    user_id             uuid        NOT NULL,
    user_upn            text,
    product_id          text        NOT NULL,
    product_name        text        NOT NULL,
    kind                text        NOT NULL,
    quantity            bigint      NOT NULL,
    has_payment_method  boolean     NOT NULL,
    recorded_by         text        NOT NULL,
    policy_value        text        NOT NULL
);
CREATE INDEX self_service_purchases_by_tenant ON self_service_purchases (tenant, id);
