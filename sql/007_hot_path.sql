-- 007_hot_path.sql: the check every authenticated request makes, in one
-- statement whose plans PostgreSQL keeps (issue 7).
--
-- LANGUAGE sql functions that cannot be inlined (a SECURITY DEFINER one
-- never is) plan their query again on every call; PL/pgSQL keeps the plan
-- for the session.  Measured with callgrind on the backend, per call
-- (bench data): the session check in auth_session_user 590k instructions,
-- the same query in PL/pgSQL 240k, and the check together with the
-- rate-limit count below 340k, where the two statements cost 710k and two
-- round trips (BENCHMARKS.md, "HTTP").

-- Every authenticated request, outside its transaction: the session must be
-- live and its user active (auth_session_user's test; the user's current
-- role comes back, so a demotion takes effect at once) and, if p_key is
-- given, the request is counted in that fixed window of p_window seconds
-- (as lib/stmt.c STMT_RL_HIT counts: the window restarts once it is over).
-- No row: the session is not live, and nothing was counted.
CREATE FUNCTION auth_request(p_session text, p_user text, p_key text,
                             p_window integer)
RETURNS TABLE (org_id text, role text, hits integer, reset bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS
$$
BEGIN
	SELECT u.org_id, u.role INTO org_id, role
	  FROM sessions s JOIN users u ON u.id = s.user_id
	 WHERE s.id = p_session AND s.user_id = p_user
	   AND s.revoked_at IS NULL AND s.expires_at > now()
	   AND u.status = 'active';
	IF NOT FOUND THEN
		RETURN;
	END IF;
	IF p_key IS NOT NULL THEN
		INSERT INTO rate_limits AS r (key, window_start, hits)
		VALUES (p_key, now(), 1)
		ON CONFLICT (key) DO UPDATE SET
		       window_start = CASE WHEN r.window_start
		                           + make_interval(secs => p_window) <= now()
		                      THEN now() ELSE r.window_start END,
		       hits = CASE WHEN r.window_start
		                   + make_interval(secs => p_window) <= now()
		              THEN 1 ELSE r.hits + 1 END
		RETURNING r.hits,
		          floor(extract(epoch FROM r.window_start))::bigint + p_window
		     INTO hits, reset;
	END IF;
	RETURN NEXT;
END
$$;

REVOKE ALL ON FUNCTION auth_request(text, text, text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth_request(text, text, text, integer) TO rise_app;

-- The other look-ups made before the tenant is known, on every request of
-- their kind: a client's link (002) and a web session's cookie (005).  The
-- same queries and results, in PL/pgSQL so that their plans are kept
-- (assessment_link_lookup: 272k instructions a call, 105k after).
CREATE OR REPLACE FUNCTION assessment_link_lookup(p_id text)
RETURNS TABLE (org_id text, link_hash bytea, expired boolean, status text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS
$$
BEGIN
	RETURN QUERY
	SELECT a.org_id, a.link_hash, a.expires_at <= now(), a.status
	  FROM assessments a
	 WHERE a.id = p_id AND a.deleted_at IS NULL;
END
$$;

CREATE OR REPLACE FUNCTION auth_cookie_session(p_hash bytea)
RETURNS TABLE (session_id text, user_id text, org_id text, role text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS
$$
BEGIN
	RETURN QUERY
	SELECT s.id, u.id, u.org_id, u.role
	  FROM sessions s JOIN users u ON u.id = s.user_id
	 WHERE s.cookie_hash = p_hash AND s.revoked_at IS NULL
	   AND s.expires_at > now() AND u.status = 'active';
END
$$;
