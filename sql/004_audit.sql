-- 004_audit.sql: the audit log every family writes to.
--
-- One row per change an admin (or later, any privileged actor) makes:
-- who, what, the object before and after, when, and from which address.
-- Rows are only ever inserted: the application role cannot change or
-- delete them.  org_id is the tenant of the object changed.

CREATE TABLE audit_log (
	id           bigserial PRIMARY KEY,
	org_id       text NOT NULL REFERENCES organizations(id),
	actor_id     text REFERENCES users(id),
	action       text NOT NULL,              -- e.g. 'user.update'
	target_type  text NOT NULL,              -- e.g. 'user'
	target_id    text NOT NULL,
	before       jsonb,
	after        jsonb,
	ip           text,
	request_id   text,
	created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id, created_at);

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON audit_log
	USING (org_id = rise_org() OR rise_is_admin())
	WITH CHECK (org_id = rise_org() OR rise_is_admin());

GRANT SELECT, INSERT ON audit_log TO rise_app;
GRANT USAGE ON SEQUENCE audit_log_id_seq TO rise_app;
