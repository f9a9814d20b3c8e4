-- License requests (`/v1.0/licenseRequests`): a user asks for a product, an admin approves or
-- denies once (journaled), a pending request expires after a year (decided at read time: the
-- row stays 'pending'). Ids are UUIDv7, the paging cursor.
CREATE TABLE license_requests (
    id               uuid        PRIMARY KEY,
    tenant           uuid        NOT NULL,
    product_id       text        NOT NULL,
    product_name     text        NOT NULL,
    requester_oid    uuid        NOT NULL,
    requester_upn    text,
    message          text,
    state            text        NOT NULL CHECK (state IN ('pending', 'approved', 'denied')),
    created_at       timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    decided_at       timestamptz,
    decided_by_oid   uuid,
    decided_by_upn   text,
    decision_message text
);
CREATE INDEX license_requests_by_tenant ON license_requests (tenant, id);
CREATE INDEX license_requests_by_requester ON license_requests (tenant, requester_oid, product_id);
-- How a tenant's users ask: here ('builtIn', the default when there is no row) or through the
-- tenant's own process ('custom': a message and a link).
CREATE TABLE license_request_settings (
    tenant     uuid        PRIMARY KEY,
    process    text        NOT NULL CHECK (process IN ('builtIn', 'custom')),
    message    text,
    url        text,
    updated_at timestamptz NOT NULL
);
-- A decision on a license request is journaled: a target kind of its own.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_target_kind_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_target_kind_check
    CHECK (target_kind IN ('product', 'offerType', 'default', 'licenseRequest'));
