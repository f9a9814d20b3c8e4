-- Every journal entry is written into every index of audit_log, and on SQLite, whose one writer
-- commits for the whole machine, each index is a page written per entry at every commit (the
-- tenant-first indexes put each entry on a page of its own). Measured with 64 writers over
-- 10,000 tenants: the six indexes of 0002 halved the durable write rate. Kept: the primary key
-- (tenant, seq), which serves the unfiltered read and every filtered one as a newest-first scan
-- of the tenant's journal, and the target index, for the question asked most ("who changed this
-- product?"). Offer-type, actor and time filters scan the tenant's journal (newest first, up to
-- the page size): a tenant's journal is thousands of entries, not millions.
-- IF EXISTS: a database whose operator dropped one already migrates all the same.
DROP INDEX IF EXISTS audit_log_by_offer_type;
DROP INDEX IF EXISTS audit_log_by_oid;
DROP INDEX IF EXISTS audit_log_by_upn;
DROP INDEX IF EXISTS audit_log_by_app;
DROP INDEX IF EXISTS audit_log_by_time;
