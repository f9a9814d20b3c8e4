-- Indexes for reading the journal (GET /v1.0/auditLog): newest first within a tenant, filtered by
-- target, actor or time. The primary key (tenant, seq) already serves the unfiltered read.
CREATE INDEX audit_log_by_target ON audit_log (tenant, target_kind, target_id, seq);
CREATE INDEX audit_log_by_offer_type ON audit_log (tenant, target_kind, lower(target_id), seq);
CREATE INDEX audit_log_by_oid ON audit_log (tenant, actor_oid, seq);
CREATE INDEX audit_log_by_upn ON audit_log (tenant, lower(actor_upn), seq);
CREATE INDEX audit_log_by_app ON audit_log (tenant, lower(actor_app_id), seq);
CREATE INDEX audit_log_by_time ON audit_log (tenant, at);
