-- Schema of the SQLite backend.
-- Conventions: ids are lower-case hyphenated GUIDs (TEXT); times are INTEGER microseconds since
-- the Unix epoch, UTC (the precision the journal's canonical form hashes); booleans are 0/1.
-- Policy values are stored by name: Enabled, Disabled, OnlyTrialsWithoutPaymentMethod.

-- Directory tenants, and tenants that only ever appeared in tokens (domain NULL): a tenant row
-- exists once the tenant was created or first wrote. Its row is also what serializes its writes.
CREATE TABLE tenants (
    id           TEXT    NOT NULL PRIMARY KEY,
    domain       TEXT    UNIQUE,
    display_name TEXT    NOT NULL,
    created_at   INTEGER NOT NULL
) STRICT;

-- The catalog. Product ids are upper-case.
CREATE TABLE products (
    product_id                   TEXT    NOT NULL PRIMARY KEY,
    name                         TEXT    NOT NULL,
    trial_without_payment_method INTEGER NOT NULL CHECK (trial_without_payment_method IN (0, 1)),
    -- Retired products keep their rows but are left out of lists.
    retired                      INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
    -- Informational only (the database's clock; never used in logic).
    added_at                     INTEGER NOT NULL
        DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000000.0 AS INTEGER))
) STRICT;

CREATE TABLE legacy_product_ids (
    legacy_id  TEXT NOT NULL PRIMARY KEY,
    product_id TEXT NOT NULL REFERENCES products (product_id)
) STRICT;

CREATE TABLE offer_types (
    -- Lower-case: offer types match case-insensitively.
    offer_type_key TEXT NOT NULL PRIMARY KEY,
    -- As the catalog writes it (SaaS).
    offer_type     TEXT NOT NULL,
    description    TEXT NOT NULL
) STRICT;

-- A tenant's settings of one policy; default_value is what products added later start at.
CREATE TABLE tenant_policies (
    tenant        TEXT    NOT NULL REFERENCES tenants (id),
    policy_id     TEXT    NOT NULL,
    default_value TEXT    NOT NULL
        CHECK (default_value IN ('Enabled', 'Disabled', 'OnlyTrialsWithoutPaymentMethod')),
    version       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant, policy_id)
) STRICT, WITHOUT ROWID;

-- One row per tenant, policy and product (materialized), so a tenant's default applies to
-- products added later and never flips existing ones.
CREATE TABLE product_policies (
    tenant     TEXT    NOT NULL,
    policy_id  TEXT    NOT NULL,
    product_id TEXT    NOT NULL REFERENCES products (product_id),
    value      TEXT    NOT NULL
        CHECK (value IN ('Enabled', 'Disabled', 'OnlyTrialsWithoutPaymentMethod')),
    version    INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER,
    PRIMARY KEY (tenant, policy_id, product_id),
    FOREIGN KEY (tenant, policy_id) REFERENCES tenant_policies (tenant, policy_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE offer_type_policies (
    tenant         TEXT    NOT NULL,
    policy_id      TEXT    NOT NULL,
    offer_type_key TEXT    NOT NULL REFERENCES offer_types (offer_type_key),
    value          TEXT    NOT NULL CHECK (value IN ('Enabled', 'Disabled')),
    version        INTEGER NOT NULL DEFAULT 0,
    updated_at     INTEGER,
    PRIMARY KEY (tenant, policy_id, offer_type_key),
    FOREIGN KEY (tenant, policy_id) REFERENCES tenant_policies (tenant, policy_id)
) STRICT, WITHOUT ROWID;

-- The journal: append-only, hash-chained per tenant (seq 1, 2, ... per tenant;
-- hash = SHA-256(prev_hash || canonical entry), see mscommerce_domain::audit).
CREATE TABLE audit_log (
    tenant            TEXT    NOT NULL REFERENCES tenants (id),
    seq               INTEGER NOT NULL CHECK (seq >= 1),
    id                TEXT    NOT NULL UNIQUE,
    at                INTEGER NOT NULL,
    actor_kind        TEXT    NOT NULL CHECK (actor_kind IN ('user', 'app')),
    actor_oid         TEXT,
    actor_upn         TEXT,
    actor_app_id      TEXT,
    policy_id         TEXT    NOT NULL,
    target_kind       TEXT    NOT NULL CHECK (target_kind IN ('product', 'offerType', 'default')),
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
    PRIMARY KEY (tenant, seq)
) STRICT;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- The built-in identity provider's directory. Secrets are hashes only.
CREATE TABLE users (
    oid           TEXT    NOT NULL PRIMARY KEY,
    tenant        TEXT    NOT NULL REFERENCES tenants (id),
    upn           TEXT    NOT NULL UNIQUE,          -- lower-case
    display_name  TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    roles         TEXT    NOT NULL DEFAULT '[]',    -- JSON array of role template ids
    enabled       INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    created_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX users_by_tenant ON users (tenant, upn);

CREATE TABLE apps (
    tenant          TEXT    NOT NULL REFERENCES tenants (id),
    client_id       TEXT    NOT NULL,
    oid             TEXT    NOT NULL UNIQUE,
    display_name    TEXT    NOT NULL,
    secret_hash     TEXT,
    certificate_pem TEXT,
    permissions     TEXT    NOT NULL DEFAULT '[]',  -- JSON array of permission values
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (tenant, client_id)
) STRICT;

-- No foreign key to tenants: a device code may be issued before sign-in decides the tenant
-- for it, and codes are short-lived.
CREATE TABLE device_codes (
    device_code_hash TEXT    NOT NULL PRIMARY KEY,
    user_code        TEXT    NOT NULL,
    tenant           TEXT    NOT NULL,
    client_id        TEXT    NOT NULL,
    scope            TEXT    NOT NULL,
    created_at       INTEGER NOT NULL,
    expires_at       INTEGER NOT NULL,
    interval_secs    INTEGER NOT NULL,
    last_poll_at     INTEGER,
    state            TEXT    NOT NULL CHECK (state IN ('Pending', 'Approved', 'Declined', 'Redeemed')),
    user_oid         TEXT,
    failed_attempts  INTEGER NOT NULL DEFAULT 0
) STRICT;
-- User codes are unique (case-insensitively); expired ones are purged when a new code is made.
CREATE UNIQUE INDEX device_codes_by_user_code ON device_codes (upper(user_code));
CREATE INDEX device_codes_by_expiry ON device_codes (expires_at);

CREATE TABLE refresh_tokens (
    token_hash TEXT    NOT NULL PRIMARY KEY,
    tenant     TEXT    NOT NULL REFERENCES tenants (id),
    user_oid   TEXT    NOT NULL,
    client_id  TEXT    NOT NULL,
    scope      TEXT    NOT NULL,
    issued_at  INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX refresh_tokens_by_expiry ON refresh_tokens (expires_at);
