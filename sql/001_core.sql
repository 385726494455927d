-- 001_core.sql: organizations, users, sessions, refresh tokens, rate limits.
--
-- Run by `risectl migrate` as the owning role (db.admin_user), inside one
-- transaction.  Never edit a released migration: add a new file.
--
-- Tenancy: every tenant-owned table carries org_id and has row-level security
-- enabled and forced.  The application role (rise_app) owns nothing; it sets
-- the tenant per transaction with set_config(..., true) and sees no rows when
-- none is set.  The few look-ups that must cross tenants before the tenant is
-- known (login by email, session check, refresh-token look-up) are narrow
-- SECURITY DEFINER functions owned by the owning role, which bypasses RLS
-- (superuser or BYPASSRLS).

DO $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rise_app') THEN
		CREATE ROLE rise_app LOGIN;
	END IF;
END
$$;

-- The tenant context of the current transaction.
CREATE FUNCTION rise_org() RETURNS text LANGUAGE sql STABLE AS
$$ SELECT NULLIF(current_setting('rise.org_id', true), '') $$;

CREATE FUNCTION rise_user() RETURNS text LANGUAGE sql STABLE AS
$$ SELECT NULLIF(current_setting('rise.user_id', true), '') $$;

-- Platform administrators see every tenant.
CREATE FUNCTION rise_is_admin() RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT coalesce(current_setting('rise.role', true), '') = 'admin' $$;

CREATE TABLE organizations (
	id          text PRIMARY KEY,
	name        text NOT NULL,
	created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
	id             text PRIMARY KEY,
	org_id         text NOT NULL REFERENCES organizations(id),
	email          text NOT NULL,
	password_hash  text NOT NULL,
	first_name     text NOT NULL DEFAULT '',
	last_name      text NOT NULL DEFAULT '',
	company        text,
	phone          text,
	role           text NOT NULL DEFAULT 'consultant'
	               CHECK (role IN ('admin', 'consultant')),
	status         text NOT NULL DEFAULT 'active'
	               CHECK (status IN ('active', 'suspended', 'deleted')),
	email_notifications boolean NOT NULL DEFAULT true,
	theme          text NOT NULL DEFAULT 'light'
	               CHECK (theme IN ('light', 'dark', 'system')),
	failed_logins  integer NOT NULL DEFAULT 0,
	locked_until   timestamptz,
	created_at     timestamptz NOT NULL DEFAULT now(),
	updated_at     timestamptz NOT NULL DEFAULT now(),
	last_login_at  timestamptz
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_org_idx ON users (org_id);

-- A session is one login: the family of its rotating refresh tokens and
-- the access tokens issued from them (their "sid" claim).
CREATE TABLE sessions (
	id            text PRIMARY KEY,
	org_id        text NOT NULL REFERENCES organizations(id),
	user_id       text NOT NULL REFERENCES users(id),
	created_at    timestamptz NOT NULL DEFAULT now(),
	expires_at    timestamptz NOT NULL,
	revoked_at    timestamptz,
	revoke_reason text,
	ip            text
);
CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE revoked_at IS NULL;

-- Refresh tokens are stored only as SHA-256 hashes.  A token is used once;
-- presenting a used one revokes its session.
CREATE TABLE refresh_tokens (
	token_hash  bytea PRIMARY KEY,
	org_id      text NOT NULL REFERENCES organizations(id),
	session_id  text NOT NULL REFERENCES sessions(id),
	created_at  timestamptz NOT NULL DEFAULT now(),
	expires_at  timestamptz NOT NULL,
	used_at     timestamptz
);
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);

-- Fixed-window counters shared by every process and host.  UNLOGGED: a
-- commit that touches only this table needs no WAL flush, and losing the
-- counters in a crash is harmless.  Not tenant data.
CREATE UNLOGGED TABLE rate_limits (
	key          text PRIMARY KEY,
	window_start timestamptz NOT NULL,
	hits         integer NOT NULL
);

-- Row-level security on every tenant-owned table.
ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
ALTER TABLE organizations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON organizations
	USING (id = rise_org() OR rise_is_admin())
	WITH CHECK (id = rise_org() OR rise_is_admin());

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON users
	USING (org_id = rise_org() OR rise_is_admin())
	WITH CHECK (org_id = rise_org() OR rise_is_admin());

ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON sessions
	USING (org_id = rise_org() OR rise_is_admin())
	WITH CHECK (org_id = rise_org() OR rise_is_admin());

ALTER TABLE refresh_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE refresh_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON refresh_tokens
	USING (org_id = rise_org() OR rise_is_admin())
	WITH CHECK (org_id = rise_org() OR rise_is_admin());

-- Cross-tenant look-ups needed before the tenant is known.

-- Login: the account behind an email, whatever its tenant.
CREATE FUNCTION auth_user_by_email(p_email text)
RETURNS TABLE (id text, org_id text, password_hash text, role text,
               status text, locked boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT u.id, u.org_id, u.password_hash, u.role, u.status,
          coalesce(u.locked_until > now(), false)
     FROM users u WHERE lower(u.email) = lower(p_email) $$;

-- Failed-login bookkeeping for an account (password spraying from many IPs):
-- after 10 failures the account is locked for 15 minutes.
CREATE FUNCTION auth_login_failed(p_user text) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS
$$ UPDATE users SET failed_logins = failed_logins + 1,
          locked_until = CASE WHEN failed_logins + 1 >= 10
                              THEN now() + interval '15 minutes'
                              ELSE locked_until END
    WHERE id = p_user $$;

-- Every authenticated request: the session must be live and its user active.
-- Returns the user's current role, so a demotion takes effect at once.
CREATE FUNCTION auth_session_user(p_session text, p_user text)
RETURNS TABLE (org_id text, role text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT u.org_id, u.role
     FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.id = p_session AND s.user_id = p_user
      AND s.revoked_at IS NULL AND s.expires_at > now()
      AND u.status = 'active' $$;

-- Refresh: which session a presented refresh token belongs to.
CREATE FUNCTION auth_refresh_lookup(p_hash bytea)
RETURNS TABLE (session_id text, org_id text, user_id text, used boolean,
               expired boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT t.session_id, t.org_id, s.user_id, t.used_at IS NOT NULL,
          t.expires_at <= now()
     FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id
    WHERE t.token_hash = p_hash $$;

REVOKE ALL ON FUNCTION auth_user_by_email(text), auth_login_failed(text),
	auth_session_user(text, text), auth_refresh_lookup(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth_user_by_email(text), auth_login_failed(text),
	auth_session_user(text, text), auth_refresh_lookup(bytea) TO rise_app;

GRANT USAGE ON SCHEMA public TO rise_app;
GRANT SELECT, INSERT, UPDATE ON organizations, users, sessions, refresh_tokens
	TO rise_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON rate_limits TO rise_app;
