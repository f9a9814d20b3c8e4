-- Schema of the PostgreSQL backend: the same tables as the SQLite one, in native types
-- (uuid, timestamptz with microsecond precision, boolean). Policy values are stored by name.

-- Directory tenants, and tenants that only ever appeared in tokens (domain NULL). A tenant's row
-- is also its write lock: every policy write and journal append locks it first
-- (SELECT ... FOR NO KEY UPDATE), which serializes the tenant's writes across replicas.
CREATE TABLE tenants (
    id           uuid        PRIMARY KEY,
    domain       text        UNIQUE,
    display_name text        NOT NULL,
    created_at   timestamptz NOT NULL
);

CREATE TABLE products (
    product_id                   text        PRIMARY KEY,
    name                         text        NOT NULL,
    trial_without_payment_method boolean     NOT NULL,
    -- Retired products keep their rows but are left out of lists.
    retired                      boolean     NOT NULL DEFAULT false,
    -- Informational only (the database's clock; never used in logic).
    added_at                     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE legacy_product_ids (
    legacy_id  text PRIMARY KEY,
    product_id text NOT NULL REFERENCES products (product_id)
);

CREATE TABLE offer_types (
    -- Lower-case: offer types match case-insensitively.
    offer_type_key text PRIMARY KEY,
    -- As the catalog writes it (SaaS).
    offer_type     text NOT NULL,
    description    text NOT NULL
);

CREATE TABLE tenant_policies (
    tenant        uuid   NOT NULL REFERENCES tenants (id),
    policy_id     text   NOT NULL,
    default_value text   NOT NULL
        CHECK (default_value IN ('Enabled', 'Disabled', 'OnlyTrialsWithoutPaymentMethod')),
    version       bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant, policy_id)
);

CREATE TABLE product_policies (
    tenant     uuid        NOT NULL,
    policy_id  text        NOT NULL,
    product_id text        NOT NULL REFERENCES products (product_id),
    value      text        NOT NULL
        CHECK (value IN ('Enabled', 'Disabled', 'OnlyTrialsWithoutPaymentMethod')),
    version    bigint      NOT NULL DEFAULT 0,
    updated_at timestamptz,
    PRIMARY KEY (tenant, policy_id, product_id),
    FOREIGN KEY (tenant, policy_id) REFERENCES tenant_policies (tenant, policy_id)
);

CREATE TABLE offer_type_policies (
    tenant         uuid        NOT NULL,
    policy_id      text        NOT NULL,
    offer_type_key text        NOT NULL REFERENCES offer_types (offer_type_key),
    value          text        NOT NULL CHECK (value IN ('Enabled', 'Disabled')),
    version        bigint      NOT NULL DEFAULT 0,
    updated_at     timestamptz,
    PRIMARY KEY (tenant, policy_id, offer_type_key),
    FOREIGN KEY (tenant, policy_id) REFERENCES tenant_policies (tenant, policy_id)
);

-- The journal: append-only, hash-chained per tenant (seq 1, 2, ... per tenant;
-- hash = SHA-256(prev_hash || canonical entry), see mscommerce_domain::audit).
CREATE TABLE audit_log (
    tenant            uuid        NOT NULL REFERENCES tenants (id),
    seq               bigint      NOT NULL CHECK (seq >= 1),
    id                uuid        NOT NULL UNIQUE,
    at                timestamptz NOT NULL,
    actor_kind        text        NOT NULL CHECK (actor_kind IN ('user', 'app')),
    actor_oid         uuid,
    actor_upn         text,
    actor_app_id      text,
    policy_id         text        NOT NULL,
    target_kind       text        NOT NULL CHECK (target_kind IN ('product', 'offerType', 'default')),
    target_id         text        NOT NULL,
    old_value         text,
    new_value         text,
    result            text        NOT NULL CHECK (result IN ('Succeeded', 'Failed')),
    reason            text,
    request_id        text        NOT NULL,
    correlation_id    text,
    client_request_id text,
    prev_hash         text        NOT NULL,
    hash              text        NOT NULL,
    PRIMARY KEY (tenant, seq)
);

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- The built-in identity provider's directory. Secrets are hashes only.
CREATE TABLE users (
    oid           uuid        PRIMARY KEY,
    tenant        uuid        NOT NULL REFERENCES tenants (id),
    upn           text        NOT NULL UNIQUE,          -- lower-case
    display_name  text        NOT NULL,
    password_hash text        NOT NULL,
    roles         text        NOT NULL DEFAULT '[]',    -- JSON array of role template ids
    enabled       boolean     NOT NULL,
    created_at    timestamptz NOT NULL
);
CREATE INDEX users_by_tenant ON users (tenant, upn);

CREATE TABLE apps (
    tenant          uuid        NOT NULL REFERENCES tenants (id),
    client_id       text        NOT NULL,
    oid             uuid        NOT NULL UNIQUE,
    display_name    text        NOT NULL,
    secret_hash     text,
    certificate_pem text,
    permissions     text        NOT NULL DEFAULT '[]',  -- JSON array of permission values
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (tenant, client_id)
);

-- No foreign key to tenants: a device code may be issued before sign-in decides the tenant
-- for it, and codes are short-lived.
CREATE TABLE device_codes (
    device_code_hash text        PRIMARY KEY,
    user_code        text        NOT NULL,
    tenant           uuid        NOT NULL,
    client_id        text        NOT NULL,
    scope            text        NOT NULL,
    created_at       timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    interval_secs    bigint      NOT NULL,
    last_poll_at     timestamptz,
    state            text        NOT NULL CHECK (state IN ('Pending', 'Approved', 'Declined', 'Redeemed')),
    user_oid         uuid,
    failed_attempts  bigint      NOT NULL DEFAULT 0
);
-- User codes are unique (case-insensitively); expired ones are purged when a new code is made.
CREATE UNIQUE INDEX device_codes_by_user_code ON device_codes (upper(user_code));
CREATE INDEX device_codes_by_expiry ON device_codes (expires_at);

CREATE TABLE refresh_tokens (
    token_hash text        PRIMARY KEY,
    tenant     uuid        NOT NULL REFERENCES tenants (id),
    user_oid   uuid        NOT NULL,
    client_id  text        NOT NULL,
    scope      text        NOT NULL,
    issued_at  timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX refresh_tokens_by_expiry ON refresh_tokens (expires_at);
