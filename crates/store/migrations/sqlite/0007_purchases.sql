-- What storefronts record (`POST /v1.0/selfServicePurchases`): one row per event, checked against
-- the tenant's policy in the transaction that inserts it. Ids are UUIDv7: their text order is
-- their time order, the paging cursor.
CREATE TABLE self_service_purchases (
    id                  TEXT    NOT NULL PRIMARY KEY,
    tenant              TEXT    NOT NULL,
    at                  INTEGER NOT NULL,
    user_id             TEXT    NOT NULL,
    user_upn            TEXT,
    product_id          TEXT    NOT NULL,
    product_name        TEXT    NOT NULL,
    kind                TEXT    NOT NULL,
    quantity            INTEGER NOT NULL,
    has_payment_method  INTEGER NOT NULL,
    recorded_by         TEXT    NOT NULL,
    policy_value        TEXT    NOT NULL
) STRICT;
CREATE INDEX self_service_purchases_by_tenant ON self_service_purchases (tenant, id);
