-- 005_web.sql: browser sessions for the web UI.
--
-- A web sign-in is a session like an API login; its cookie holds a random
-- token whose SHA-256 is stored here.  Revoking the session (sign-out,
-- suspension, password change) ends the cookie at once.

ALTER TABLE sessions ADD COLUMN cookie_hash bytea UNIQUE;

-- Every web request: the live session behind a cookie, whatever its tenant.
CREATE FUNCTION auth_cookie_session(p_hash bytea)
RETURNS TABLE (session_id text, user_id text, org_id text, role text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT s.id, u.id, u.org_id, u.role
     FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.cookie_hash = p_hash AND s.revoked_at IS NULL
      AND s.expires_at > now() AND u.status = 'active' $$;

REVOKE ALL ON FUNCTION auth_cookie_session(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth_cookie_session(bytea) TO rise_app;
