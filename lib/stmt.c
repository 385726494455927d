/*
 * stmt.c: the SQL table.  Times come back as Unix epoch seconds and are
 * formatted in C, so that no session time zone can change them.
 */
#include "stmt.h"

#define EPOCH(c)	"floor(extract(epoch FROM " c "))::bigint"

/* The columns of a user, in the order of enum user_col (user.h). */
#define USER_COLS \
	"id, email, first_name, last_name, company, phone, role, status, " \
	"email_notifications, theme, " EPOCH("created_at") ", " \
	EPOCH("updated_at") ", " EPOCH("last_login_at") ", org_id"

/*
 * The columns of an assessment, in the order of enum asm_col (assess.h).
 * A pending or in-progress assessment past expires_at reads as expired.
 */
#define ASM_STATUS \
	"CASE WHEN status <> 'completed' AND expires_at <= now() " \
	"THEN 'expired' ELSE status END"
#define ASM_COLS \
	"id, user_id, client_name, client_email, business_name, industry, " \
	"assessment_type, " ASM_STATUS ", notes, progress, " \
	"encode(link_salt, 'hex'), disc_primary, disc_secondary, " \
	"disc_scores::text, phase_primary, phase_scores::text, " \
	EPOCH("created_at") ", " EPOCH("updated_at") ", " \
	EPOCH("completed_at") ", " EPOCH("expires_at") ", status, org_id"

/* Visible to the caller: $2 is the consultant's id, or '' for an admin. */
#define ASM_MINE "id = $1 AND deleted_at IS NULL AND ($2 = '' OR user_id = $2)"

const struct stmt_def stmts[STMT__MAX] = {
	[STMT_SET_TENANT] = { "SELECT set_config('rise.org_id', $1, true), "
	    "set_config('rise.user_id', $2, true), "
	    "set_config('rise.role', $3, true)", 3 },
	/* The same for a transaction that may only read (db_read). */
	[STMT_SET_TENANT_READ] = { "SELECT set_config('rise.org_id', $1, true), "
	    "set_config('rise.user_id', $2, true), "
	    "set_config('rise.role', $3, true), "
	    "set_config('transaction_read_only', 'on', true)", 3 },
	[STMT_HEALTH] = { "SELECT 1", 0 },
	/* One fixed window per key; the old row's values on both sides. */
	[STMT_RL_HIT] = { "INSERT INTO rate_limits AS r (key, window_start, hits) "
	    "VALUES ($1, now(), 1) ON CONFLICT (key) DO UPDATE SET "
	    "window_start = CASE WHEN r.window_start + make_interval(secs => $2::int) "
	    "<= now() THEN now() ELSE r.window_start END, "
	    "hits = CASE WHEN r.window_start + make_interval(secs => $2::int) "
	    "<= now() THEN 1 ELSE r.hits + 1 END "
	    "RETURNING hits, " EPOCH("window_start") " + $2::int", 2 },
	/* The session check and, unless $3 is NULL, STMT_RL_HIT in one (007). */
	[STMT_AUTH_REQUEST] = { "SELECT org_id, role, hits, reset "
	    "FROM auth_request($1, $2, $3, $4::int)", 4 },

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
	[STMT_BANK_QUESTIONS] = { "SELECT id, section, category, kind, phase, text, "
	    "type, is_required, order_index, coalesce(max_points, 0) FROM questions "
	    "ORDER BY section, order_index", 0 },
	[STMT_BANK_OPTIONS] = { "SELECT o.id, o.question_id, o.text, o.score, o.disc "
	    "FROM question_options o JOIN questions q ON q.id = o.question_id "
	    "ORDER BY q.section, q.order_index, o.order_index", 0 },
	[STMT_LINK_LOOKUP] = { "SELECT org_id, encode(link_hash, 'hex'), expired, "
	    "status FROM assessment_link_lookup($1)", 1 },
	[STMT_ASM_INSERT] = { "INSERT INTO assessments (id, org_id, user_id, "
	    "client_name, client_email, business_name, industry, assessment_type, "
	    "notes, link_salt, link_hash, expires_at) VALUES ($1, $2, $3, $4, $5, "
	    "$6, $7, $8, $9, decode($10, 'hex'), decode($11, 'hex'), "
	    "now() + make_interval(days => $12::int)) RETURNING " ASM_COLS, 12 },
	[STMT_ASM_GET] = { "SELECT " ASM_COLS " FROM assessments WHERE " ASM_MINE, 2 },
	[STMT_ASM_GET_FOR_UPDATE] = { "SELECT " ASM_COLS " FROM assessments "
	    "WHERE " ASM_MINE " FOR UPDATE", 2 },
	/*
	 * One round trip: the total and one page.  $1 owner or '', $2 status
	 * or '', $3 sort column, $4 direction (both from whitelists), $5
	 * limit, $6 offset.  A page past the end is one row of NULLs.
	 */
	[STMT_ASM_LIST] = { "WITH f AS (SELECT id, client_name, business_name, "
	    ASM_STATUS " AS st, progress, created_at, updated_at FROM assessments "
	    "WHERE deleted_at IS NULL AND ($1 = '' OR user_id = $1)), "
	    "g AS (SELECT * FROM f WHERE $2 = '' OR st = $2) "
	    "SELECT (SELECT count(*) FROM g), p.id, p.client_name, p.business_name, "
	    "p.st, p.progress, " EPOCH("p.created_at") ", " EPOCH("p.updated_at")
	    " FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT * FROM g ORDER BY "
	    "CASE WHEN $4 = 'asc' AND $3 = 'createdAt' THEN created_at END ASC, "
	    "CASE WHEN $4 = 'asc' AND $3 = 'updatedAt' THEN updated_at END ASC, "
	    "CASE WHEN $4 = 'asc' AND $3 = 'clientName' THEN lower(client_name) END ASC, "
	    "CASE WHEN $4 = 'desc' AND $3 = 'createdAt' THEN created_at END DESC, "
	    "CASE WHEN $4 = 'desc' AND $3 = 'updatedAt' THEN updated_at END DESC, "
	    "CASE WHEN $4 = 'desc' AND $3 = 'clientName' THEN lower(client_name) END DESC, "
	    "id LIMIT $5::int OFFSET $6::int) p ON true", 6 },
	[STMT_ASM_UPDATE] = { "UPDATE assessments SET client_name = $2, "
	    "client_email = $3, business_name = $4, industry = $5, notes = $6, "
	    "updated_at = now() WHERE id = $1 RETURNING " ASM_COLS, 6 },
	/* After answers: pending becomes in_progress; progress is recomputed. */
	[STMT_ASM_PROGRESS] = { "UPDATE assessments SET progress = $2::int, "
	    "status = CASE WHEN status = 'pending' THEN 'in_progress' ELSE status END, "
	    "started_at = coalesce(started_at, now()), updated_at = now() "
	    "WHERE id = $1", 2 },
	[STMT_ASM_COMPLETE] = { "UPDATE assessments SET status = 'completed', "
	    "progress = 100, disc_primary = $2, disc_secondary = $3, "
	    "disc_scores = $4::jsonb, phase_primary = $5, phase_scores = $6::jsonb, "
	    "started_at = coalesce(started_at, now()), completed_at = now(), "
	    "updated_at = now() WHERE id = $1", 6 },
	[STMT_ASM_DELETE] = { "UPDATE assessments SET deleted_at = now(), "
	    "updated_at = now() WHERE " ASM_MINE " RETURNING id", 2 },
	/* The caller's assessments ($1 owner or '') by status, as listed. */
	[STMT_ASM_COUNTS] = { "SELECT " ASM_STATUS " AS st, count(*) FROM assessments "
	    "WHERE deleted_at IS NULL AND ($1 = '' OR user_id = $1) GROUP BY 1", 1 },
	[STMT_RESP_UPSERT] = { "INSERT INTO responses (assessment_id, question_id, "
	    "org_id, option_ids) VALUES ($1, $2, $3, "
	    "ARRAY(SELECT json_array_elements_text($4::json))) "
	    "ON CONFLICT (assessment_id, question_id) DO UPDATE SET "
	    "option_ids = EXCLUDED.option_ids, answered_at = now()", 4 },
	[STMT_RESP_LIST] = { "SELECT r.question_id, array_to_json(r.option_ids)::text, "
	    EPOCH("r.answered_at") " FROM responses r "
	    "JOIN questions q ON q.id = r.question_id WHERE r.assessment_id = $1 "
	    "ORDER BY q.section, q.order_index", 1 },

	[STMT_REPORT_INSERT] = { "INSERT INTO reports (id, org_id, assessment_id, "
	    "user_id, report_type) VALUES ($1, $2, $3, $4, $5)", 5 },
	/* Delivered when the transaction commits; idle workers wake up. */
	[STMT_REPORT_NOTIFY] = { "SELECT pg_notify('report_jobs', $1)", 1 },
	[STMT_REPORT_PENDING] = { "SELECT count(*) FROM reports "
	    "WHERE status = 'processing'", 0 },
	/* A report as its assessment's consultant ($2, or '' for any) sees it. */
	[STMT_REPORT_GET] = { "SELECT r.id, r.assessment_id, r.report_type, r.status, "
	    "r.failure, " EPOCH("r.generated_at") ", " EPOCH("r.created_at") ", "
	    "r.pages FROM reports r JOIN assessments a ON a.id = r.assessment_id "
	    "WHERE r.id = $1 AND a.deleted_at IS NULL AND ($2 = '' OR a.user_id = $2)", 2 },
	[STMT_REPORT_PDF] = { "SELECT r.pdf, r.file_name FROM reports r "
	    "JOIN assessments a ON a.id = r.assessment_id WHERE r.id = $1 "
	    "AND r.status = 'ready' AND a.deleted_at IS NULL "
	    "AND ($2 = '' OR a.user_id = $2)", 2 },
	[STMT_REPORT_TENANT] = { "SELECT report_tenant($1)", 1 },
	/* The reports of assessment $1 as its consultant ($2, or '' for any) sees them. */
	[STMT_REPORT_LIST] = { "SELECT r.id, r.report_type, r.status, r.failure, "
	    EPOCH("r.created_at") ", " EPOCH("r.generated_at") ", r.pages "
	    "FROM reports r JOIN assessments a ON a.id = r.assessment_id "
	    "WHERE r.assessment_id = $1 AND a.deleted_at IS NULL "
	    "AND ($2 = '' OR a.user_id = $2) ORDER BY r.created_at DESC, r.id LIMIT 50", 2 },
	[STMT_REPORT_CLAIM] = { "SELECT id, org_id, user_id, attempts "
	    "FROM report_claim($1::int)", 1 },
	/* The consultant named in a report is the assessment's, whoever asked. */
	[STMT_REPORT_JOB] = { "SELECT r.report_type, r.assessment_id, u.first_name, "
	    "u.last_name, u.email, o.name FROM reports r "
	    "JOIN assessments a ON a.id = r.assessment_id "
	    "JOIN users u ON u.id = a.user_id "
	    "JOIN organizations o ON o.id = r.org_id WHERE r.id = $1", 1 },
	/* Only a job still processing: a report is stored exactly once. */
	[STMT_REPORT_DONE] = { "UPDATE reports SET status = 'ready', pdf = $2::bytea, "
	    "pages = $3::int, render_ms = $4::numeric, file_name = $5, failure = NULL, "
	    "lease_until = NULL, generated_at = now(), updated_at = now() "
	    "WHERE id = $1 AND status = 'processing' RETURNING id", 5 },
	[STMT_REPORT_RETRY] = { "UPDATE reports SET lease_until = NULL, failure = $2, "
	    "run_after = now() + make_interval(secs => $3::int), updated_at = now() "
	    "WHERE id = $1 AND status = 'processing'", 3 },
	[STMT_REPORT_FAIL] = { "UPDATE reports SET status = 'failed', failure = $2, "
	    "lease_until = NULL, updated_at = now() "
	    "WHERE id = $1 AND status = 'processing'", 2 },
	/* The stored answers with the bank's order, for the answers table. */
	[STMT_REPORT_ANSWERS] = { "SELECT r.question_id, array_to_json(r.option_ids)::text "
	    "FROM responses r WHERE r.assessment_id = $1", 1 },

	/* $1 role or '', $2 status or '', $3 limit, $4 offset; as STMT_ASM_LIST. */
	[STMT_ADMIN_USERS] = { "WITH g AS (SELECT * FROM users WHERE ($1 = '' OR role = $1) "
	    "AND ($2 = '' OR status = $2)) SELECT (SELECT count(*) FROM g), p.* "
	    "FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT " USER_COLS " FROM g "
	    "ORDER BY created_at DESC, id LIMIT $3::int OFFSET $4::int) p ON true", 4 },
	/* Every active admin row, locked: two admins demoting each other wait. */
	[STMT_ADMIN_LOCK_ADMINS] = { "SELECT id FROM users WHERE role = 'admin' "
	    "AND status = 'active' ORDER BY id FOR UPDATE", 0 },
	[STMT_ADMIN_USER_UPDATE] = { "UPDATE users SET role = $2, status = $3, "
	    "updated_at = now() WHERE id = $1 RETURNING " USER_COLS, 3 },
	/*
	 * The period [$1, $2] (epoch seconds).  Distributions are counts of the
	 * period's completed assessments by primary; the handler makes them
	 * percentages.
	 */
	[STMT_ADMIN_ANALYTICS] = { "WITH p AS (SELECT to_timestamp($1::bigint) AS s, "
	    "to_timestamp($2::bigint) AS e), "
	    "c AS (SELECT a.* FROM assessments a, p WHERE a.deleted_at IS NULL "
	    "AND a.completed_at BETWEEN p.s AND p.e) SELECT "
	    "(SELECT count(*) FROM users u, p WHERE u.status <> 'deleted' AND u.created_at <= p.e), "
	    "(SELECT count(*) FROM users u, p WHERE u.status = 'active' "
	    "AND u.last_login_at BETWEEN p.s AND p.e), "
	    "(SELECT count(*) FROM assessments a, p WHERE a.deleted_at IS NULL "
	    "AND a.created_at BETWEEN p.s AND p.e), "
	    "(SELECT count(*) FROM c), "
	    "(SELECT count(*) FROM reports r, p WHERE r.status = 'ready' "
	    "AND r.generated_at BETWEEN p.s AND p.e), "
	    "(SELECT coalesce(round(avg(extract(epoch FROM c.completed_at - "
	    "coalesce(c.started_at, c.created_at))) / 60), 0)::bigint FROM c), "
	    "(SELECT coalesce(json_object_agg(k, n), '{}') FROM (SELECT disc_primary AS k, "
	    "count(*) AS n FROM c WHERE disc_primary IS NOT NULL GROUP BY 1) d)::text, "
	    "(SELECT coalesce(json_object_agg(k, n), '{}') FROM (SELECT phase_primary AS k, "
	    "count(*) AS n FROM c WHERE phase_primary IS NOT NULL GROUP BY 1) d)::text", 2 },
	[STMT_AUDIT_INSERT] = { "INSERT INTO audit_log (org_id, actor_id, action, "
	    "target_type, target_id, before, after, ip, request_id) VALUES ($1, $2, $3, "
	    "$4, $5, $6::jsonb, $7::jsonb, $8, $9)", 9 },

	[STMT_WEB_SESSION] = { "SELECT session_id, user_id, org_id, role "
	    "FROM auth_cookie_session($1::bytea)", 1 },
	[STMT_WEB_SESSION_INSERT] = { "INSERT INTO sessions (id, org_id, user_id, "
	    "expires_at, ip, cookie_hash) VALUES ($1, $2, $3, "
	    "now() + make_interval(secs => $4::int), $5, $6::bytea)", 6 },
	/*
	 * Completed assessments in [$1, $2] (epoch seconds) by bucket of $3
	 * seconds counted back from $2 (0: the one ending at $2) and their
	 * count, empty ones left out.  The same rows as STMT_ADMIN_ANALYTICS
	 * counts as completed.
	 */
	[STMT_ADMIN_COMPLETIONS] = { "SELECT ($2::bigint - " EPOCH("completed_at") ") "
	    "/ $3::bigint, count(*) FROM assessments WHERE deleted_at IS NULL "
	    "AND completed_at BETWEEN to_timestamp($1::bigint) AND to_timestamp($2::bigint) "
	    "GROUP BY 1 ORDER BY 1", 3 },

	/*
	 * What a mail about assessment $1 says, in the order of enum
	 * mail_col (mail.c); the status as ASM_STATUS reads it.
	 */
	[STMT_MAIL_ASM] = { "SELECT a.id, a.org_id, a.client_name, a.client_email, "
	    "a.business_name, encode(a.link_salt, 'hex'), " EPOCH("a.expires_at") ", "
	    "CASE WHEN a.status <> 'completed' AND a.expires_at <= now() "
	    "THEN 'expired' ELSE a.status END, a.assessment_type, u.first_name, "
	    "u.last_name, u.email, u.email_notifications, o.name, u.company "
	    "FROM assessments a JOIN users u ON u.id = a.user_id "
	    "JOIN organizations o ON o.id = a.org_id "
	    "WHERE a.id = $1 AND a.deleted_at IS NULL", 1 },
	/* A second reminder for the same assessment is a no-op (no row back). */
	[STMT_MAIL_INSERT] = { "INSERT INTO mail_outbox (id, org_id, kind, "
	    "assessment_id, to_addr, subject, body_text, body_html, message) "
	    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
	    "ON CONFLICT (assessment_id) WHERE kind = 'reminder' DO NOTHING "
	    "RETURNING id", 9 },
	/* Delivered when the transaction commits; idle senders wake up. */
	[STMT_MAIL_NOTIFY] = { "SELECT pg_notify('mail_jobs', $1)", 1 },
	[STMT_MAIL_CLAIM] = { "SELECT id, org_id, to_addr, message, attempts "
	    "FROM mail_claim($1::int)", 1 },
	/* Only a mail still queued: marked sent once. */
	[STMT_MAIL_SENT] = { "UPDATE mail_outbox SET status = 'sent', sent_at = now(), "
	    "lease_until = NULL, last_error = NULL, updated_at = now() "
	    "WHERE id = $1 AND status = 'queued' RETURNING id", 1 },
	[STMT_MAIL_RETRY] = { "UPDATE mail_outbox SET lease_until = NULL, "
	    "last_error = $2, run_after = now() + make_interval(secs => $3::int), "
	    "updated_at = now() WHERE id = $1 AND status = 'queued'", 3 },
	[STMT_MAIL_FAIL] = { "UPDATE mail_outbox SET status = 'failed', "
	    "last_error = $2, lease_until = NULL, updated_at = now() "
	    "WHERE id = $1 AND status = 'queued'", 2 },
	[STMT_MAIL_HOLD] = { "SELECT mail_hold()", 0 },
	[STMT_MAIL_DUE] = { "SELECT assessment_id, org_id, user_id "
	    "FROM mail_reminders_due()", 0 },
	/* The newest $1 mails, for risectl. */
	[STMT_MAIL_LIST] = { "SELECT id, " EPOCH("created_at") ", to_addr, subject, "
	    "status, kind, attempts, last_error FROM mail_outbox "
	    "ORDER BY created_at DESC, id DESC LIMIT $1::int", 1 },
	[STMT_MAIL_GET] = { "SELECT id, " EPOCH("created_at") ", to_addr, subject, "
	    "status, kind, attempts, last_error, " EPOCH("sent_at") ", message "
	    "FROM mail_outbox WHERE id = $1", 1 },
	/* Held or failed mail ($1, or '' for all of it) queued again. */
	[STMT_MAIL_RELEASE] = { "UPDATE mail_outbox SET status = 'queued', "
	    "attempts = 0, run_after = now(), lease_until = NULL, updated_at = now() "
	    "WHERE status IN ('held', 'failed') AND ($1 = '' OR id = $1) "
	    "RETURNING id", 1 },

	/*
	 * risectl purge: what no request can use any more.  Refresh tokens
	 * expired or of a session that ended; sessions ended more than $1
	 * days ago (kept that long for the record); rate-limit windows over
	 * for a day; mail sent or failed more than $1 days ago (its message
	 * holds the client's link).
	 */
	[STMT_PURGE_TOKENS] = { "WITH d AS (DELETE FROM refresh_tokens t USING sessions s "
	    "WHERE s.id = t.session_id AND (t.expires_at <= now() OR "
	    "s.expires_at <= now() OR s.revoked_at IS NOT NULL) RETURNING 1) "
	    "SELECT count(*) FROM d", 0 },
	[STMT_PURGE_SESSIONS] = { "WITH d AS (DELETE FROM sessions s "
	    "WHERE least(s.expires_at, coalesce(s.revoked_at, 'infinity')) < "
	    "now() - make_interval(days => $1::int) AND NOT EXISTS "
	    "(SELECT 1 FROM refresh_tokens t WHERE t.session_id = s.id) RETURNING 1) "
	    "SELECT count(*) FROM d", 1 },
	[STMT_PURGE_RATE_LIMITS] = { "WITH d AS (DELETE FROM rate_limits "
	    "WHERE window_start < now() - interval '1 day' RETURNING 1) "
	    "SELECT count(*) FROM d", 0 },
	[STMT_PURGE_MAIL] = { "WITH d AS (DELETE FROM mail_outbox "
	    "WHERE status IN ('sent', 'failed') AND "
	    "updated_at < now() - make_interval(days => $1::int) RETURNING 1) "
	    "SELECT count(*) FROM d", 1 },

	[STMT_MIGRATIONS_TABLE] = { "CREATE TABLE IF NOT EXISTS schema_migrations ("
	    "version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", 0 },
	[STMT_MIGRATION_DONE] = { "SELECT 1 FROM schema_migrations WHERE version = $1", 1 },
	[STMT_MIGRATION_RECORD] = { "INSERT INTO schema_migrations (version) VALUES ($1)", 1 },
};
