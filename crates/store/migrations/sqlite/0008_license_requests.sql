-- License requests (`/v1.0/licenseRequests`): a user asks for a product, an admin approves or
-- denies once (journaled), a pending request expires after a year (decided at read time: the
-- row stays 'pending'). Ids are UUIDv7, the paging cursor.
CREATE TABLE license_requests (
    id               TEXT    NOT NULL PRIMARY KEY,
    tenant           TEXT    NOT NULL,
    product_id       TEXT    NOT NULL,
    product_name     TEXT    NOT NULL,
    requester_oid    TEXT    NOT NULL,
    requester_upn    TEXT,
    message          TEXT,
    state            TEXT    NOT NULL CHECK (state IN ('pending', 'approved', 'denied')),
    created_at       INTEGER NOT NULL,
    expires_at       INTEGER NOT NULL,
    decided_at       INTEGER,
    decided_by_oid   TEXT,
    decided_by_upn   TEXT,
    decision_message TEXT
) STRICT;
CREATE INDEX license_requests_by_tenant ON license_requests (tenant, id);
CREATE INDEX license_requests_by_requester ON license_requests (tenant, requester_oid, product_id);
-- How a tenant's users ask: here ('builtIn', the default when there is no row) or through the
-- tenant's own process ('custom': a message and a link).
CREATE TABLE license_request_settings (
    tenant     TEXT    NOT NULL PRIMARY KEY,
    process    TEXT    NOT NULL CHECK (process IN ('builtIn', 'custom')),
    message    TEXT,
    url        TEXT,
    updated_at INTEGER NOT NULL
) STRICT;
-- A decision on a license request is journaled: a target kind of its own. SQLite cannot change
-- a CHECK constraint, so the journal is copied into a table that allows it (same columns, same
-- rows, same hashes), and its index and append-only triggers are made again.
DROP TRIGGER audit_log_no_update;
DROP TRIGGER audit_log_no_delete;
CREATE TABLE audit_log_0008 (
    tenant            TEXT    NOT NULL REFERENCES tenants (id),
    seq               INTEGER NOT NULL CHECK (seq >= 1),
    id                TEXT    NOT NULL UNIQUE,
    at                INTEGER NOT NULL,
    actor_kind        TEXT    NOT NULL CHECK (actor_kind IN ('user', 'app')),
    actor_oid         TEXT,
    actor_upn         TEXT,
    actor_app_id      TEXT,
    policy_id         TEXT    NOT NULL,
    target_kind       TEXT    NOT NULL
        CHECK (target_kind IN ('product', 'offerType', 'default', 'licenseRequest')),
    target_id         TEXT    NOT NULL,
    old_value         TEXT,
    new_value         TEXT,
    result            TEXT    NOT NULL CHECK (result IN ('Succeeded', 'Failed')),
    reason            TEXT,
    request_id        TEXT    NOT NULL,
    correlation_id    TEXT,
    client_request_id TEXT,
    prev_hash         TEXT    NOT NULL,
    hash              TEXT    NOT NULL,
    client_address    TEXT,
    user_agent        TEXT,
    PRIMARY KEY (tenant, seq)
) STRICT;
INSERT INTO audit_log_0008 (tenant, seq, id, at, actor_kind, actor_oid, actor_upn, actor_app_id,
        policy_id, target_kind, target_id, old_value, new_value, result, reason, request_id,
        correlation_id, client_request_id, prev_hash, hash, client_address, user_agent)
    SELECT tenant, seq, id, at, actor_kind, actor_oid, actor_upn, actor_app_id, policy_id,
        target_kind, target_id, old_value, new_value, result, reason, request_id, correlation_id,
        client_request_id, prev_hash, hash, client_address, user_agent
    FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_0008 RENAME TO audit_log;
CREATE INDEX audit_log_by_target ON audit_log (tenant, target_kind, target_id, seq);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
