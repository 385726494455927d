/*
 * stmt.c: the SQL table.  Times come back as Unix epoch seconds and are
 * formatted in C, so that no session time zone can change them.
 */
#include "stmt.h"

#define EPOCH(c)	"extract(epoch FROM " c ")::bigint"

/* The columns of a user, in the order of enum user_col (user.h). */
#define USER_COLS \
	"id, email, first_name, last_name, company, phone, role, status, " \
	"email_notifications, theme, " EPOCH("created_at") ", " \
	EPOCH("updated_at") ", " EPOCH("last_login_at") ", org_id"

const struct stmt_def stmts[STMT__MAX] = {
	[STMT_SET_TENANT] = { "SELECT set_config('rise.org_id', $1, true), "
	    "set_config('rise.user_id', $2, true), "
	    "set_config('rise.role', $3, true)", 3 },
	[STMT_HEALTH] = { "SELECT 1", 0 },
	/* One fixed window per key; the old row's values on both sides. */
	[STMT_RL_HIT] = { "INSERT INTO rate_limits AS r (key, window_start, hits) "
	    "VALUES ($1, now(), 1) ON CONFLICT (key) DO UPDATE SET "
	    "window_start = CASE WHEN r.window_start + make_interval(secs => $2::int) "
	    "<= now() THEN now() ELSE r.window_start END, "
	    "hits = CASE WHEN r.window_start + make_interval(secs => $2::int) "
	    "<= now() THEN 1 ELSE r.hits + 1 END "
	    "RETURNING hits, " EPOCH("window_start") " + $2::int", 2 },

	[STMT_ORG_INSERT] = { "INSERT INTO organizations (id, name) VALUES ($1, $2)", 2 },
	[STMT_USER_INSERT] = { "INSERT INTO users (id, org_id, email, password_hash, "
	    "first_name, last_name, company, phone, role) "
	    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING " USER_COLS, 9 },
	[STMT_USER_GET] = { "SELECT " USER_COLS " FROM users WHERE id = $1", 1 },
	[STMT_USER_GET_FOR_UPDATE] = { "SELECT " USER_COLS " FROM users "
	    "WHERE id = $1 FOR UPDATE", 1 },
	[STMT_USER_UPDATE_PROFILE] = { "UPDATE users SET first_name = $2, "
	    "last_name = $3, company = $4, phone = $5, email_notifications = $6, "
	    "theme = $7, updated_at = now() WHERE id = $1 RETURNING " USER_COLS, 7 },
	[STMT_USER_PASSWORD_HASH] = { "SELECT password_hash FROM users "
	    "WHERE id = $1 FOR UPDATE", 1 },
	[STMT_USER_SET_PASSWORD] = { "UPDATE users SET password_hash = $2, "
	    "updated_at = now() WHERE id = $1", 2 },
	[STMT_USER_BY_EMAIL] = { "SELECT " USER_COLS " FROM users "
	    "WHERE lower(email) = lower($1)", 1 },
	[STMT_USER_SET_STATUS] = { "UPDATE users SET status = $2, updated_at = now() "
	    "WHERE id = $1", 2 },
	[STMT_USER_LIST] = { "SELECT " USER_COLS " FROM users ORDER BY created_at, id", 0 },
	[STMT_ADMIN_EXISTS] = { "SELECT EXISTS (SELECT 1 FROM users "
	    "WHERE role = 'admin' AND status <> 'deleted')", 0 },

	[STMT_LOGIN_LOOKUP] = { "SELECT id, org_id, password_hash, role, status, locked "
	    "FROM auth_user_by_email($1)", 1 },
	[STMT_LOGIN_FAILED] = { "SELECT auth_login_failed($1)", 1 },
	[STMT_LOGIN_OK] = { "UPDATE users SET failed_logins = 0, locked_until = NULL, "
	    "last_login_at = now() WHERE id = $1", 1 },
	[STMT_SESSION_INSERT] = { "INSERT INTO sessions (id, org_id, user_id, "
	    "expires_at, ip) VALUES ($1, $2, $3, "
	    "now() + make_interval(secs => $4::int), $5)", 5 },
	[STMT_SESSION_CHECK] = { "SELECT org_id, role FROM auth_session_user($1, $2)", 2 },
	[STMT_SESSION_LIVE] = { "SELECT u.role FROM sessions s "
	    "JOIN users u ON u.id = s.user_id WHERE s.id = $1 "
	    "AND s.revoked_at IS NULL AND s.expires_at > now() "
	    "AND u.status = 'active' FOR UPDATE OF s", 1 },
	[STMT_SESSION_REVOKE] = { "UPDATE sessions SET revoked_at = now(), "
	    "revoke_reason = $2 WHERE id = $1 AND revoked_at IS NULL", 2 },
	/* Every live session of a user but one ($2, may be ''). */
	[STMT_SESSION_REVOKE_USER] = { "UPDATE sessions SET revoked_at = now(), "
	    "revoke_reason = $3 WHERE user_id = $1 AND id <> $2 "
	    "AND revoked_at IS NULL", 3 },
	[STMT_REFRESH_INSERT] = { "INSERT INTO refresh_tokens (token_hash, org_id, "
	    "session_id, expires_at) VALUES ($1::bytea, $2, $3, "
	    "now() + make_interval(secs => $4::int))", 4 },
	[STMT_REFRESH_LOOKUP] = { "SELECT session_id, org_id, user_id, used, expired "
	    "FROM auth_refresh_lookup($1::bytea)", 1 },
	/* Exactly one of two concurrent uses gets the row. */
	[STMT_REFRESH_USE] = { "UPDATE refresh_tokens SET used_at = now() "
	    "WHERE token_hash = $1::bytea AND used_at IS NULL RETURNING session_id", 1 },

	/* Session-level: held until risectl exits, so two migrations never race. */
	[STMT_MIGRATE_LOCK] = { "SELECT pg_advisory_lock(7411930)", 0 },
	[STMT_MIGRATIONS_TABLE] = { "CREATE TABLE IF NOT EXISTS schema_migrations ("
	    "version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", 0 },
	[STMT_MIGRATION_DONE] = { "SELECT 1 FROM schema_migrations WHERE version = $1", 1 },
	[STMT_MIGRATION_RECORD] = { "INSERT INTO schema_migrations (version) VALUES ($1)", 1 },
};
