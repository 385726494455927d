/*
 * Suite "ops": operator commands and deployment settings, against the
 * live stack.
 *
 * test_cors: the test stack allows the origin ORIGIN (RISE_HTTP_CORS_ORIGINS
 * in scripts/test-api.sh): a browser's preflight from it gets the methods
 * of the path, its responses name it; any other origin gets neither.
 *
 * test_purge: `risectl purge` deletes what no request can use any more
 * (expired refresh tokens and those of ended sessions, sessions ended
 * more than 30 days ago, rate-limit windows over for a day, mail sent
 * more than 30 days ago) and nothing a live session or the outbox still
 * needs.  It runs last: it purges every tenant.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"

/* count(*) of the rows a WHERE clause picks from table, -1 on failure. */
static long
count(const char *table, const char *where)
{
	char	out[32];

	if (SQL(out, sizeof(out), "SELECT count(*) FROM %s WHERE %s", table, where) == -1)
		return -1;
	return atol(out);
}

/* The id of u's newest session into sid. */
static int
newest_session(const struct tuser *u, char *sid, size_t sidsz)
{
	return SQL(sid, sidsz, "SELECT id FROM sessions WHERE user_id = '%s' "
	    "ORDER BY created_at DESC, id DESC LIMIT 1", u->id);
}

static void
test_purge(void)
{
	struct tuser	 u, ended, expired;
	struct tasm	 a;
	struct tres	 r = {0};
	char		 live[64], old[64], exp[64], mail[64], rl[96], where[256], st[16];

	if (t_register(&u) == -1 || newest_session(&u, live, sizeof(live)) == -1)
		return;
	/* The live session's first refresh token is used, kept for reuse detection. */
	if (t_refresh(&u) == -1)
		return;
	/* A session logged out 40 days ago. */
	if (t_login(&u, &ended) == -1 || newest_session(&u, old, sizeof(old)) == -1)
		return;
	t_req(&r, "POST", "/v1/auth/logout", ended.access, NULL);
	if (!T_STATUS(&r, 204))
		goto out;
	if (SQL(st, sizeof(st), "UPDATE sessions SET revoked_at = now() - "
	    "interval '40 days' WHERE id = '%s'", old) == -1)
		goto out;
	/* A session that expired an hour ago: its tokens go, the row stays. */
	if (t_login(&u, &expired) == -1 || newest_session(&u, exp, sizeof(exp)) == -1 ||
	    SQL(st, sizeof(st), "UPDATE sessions SET expires_at = now() - "
	    "interval '1 hour' WHERE id = '%s'", exp) == -1)
		goto out;
	/* A rate-limit window two days old. */
	snprintf(rl, sizeof(rl), "test:purge:%s", u.id);
	if (SQL(st, sizeof(st), "INSERT INTO rate_limits VALUES ('%s', "
	    "now() - interval '2 days', 3)", rl) == -1)
		goto out;
	/* An invitation, once sent, dated 40 days back. */
	if (t_asm_new_at(&u, &a, __FILE__, __LINE__, "{\"clientName\": \"Purge Client\", "
	    "\"clientEmail\": %s, \"businessName\": \"Purge Co\", "
	    "\"assessmentType\": \"self-administered\"}", t_q(t_unique_email())) == -1 ||
	    SQL(mail, sizeof(mail), "SELECT id FROM mail_outbox WHERE assessment_id = '%s'",
	    a.id) == -1)
		goto out;
	snprintf(where, sizeof(where), "id = '%s' AND status = 'sent'", mail);
	for (int i = 0; i < 100 && count("mail_outbox", where) != 1; i++)
		t_msleep(100);
	if (!T_CHECKF(NULL, count("mail_outbox", where) == 1, "mail %s was sent", mail) ||
	    SQL(st, sizeof(st), "UPDATE mail_outbox SET updated_at = now() - "
	    "interval '40 days' WHERE id = '%s'", mail) == -1)
		goto out;

	T_CHECKF(NULL, t_risectl("purge --days x") == 2, "purge --days x is refused");
	if (!T_CHECKF(NULL, t_risectl("purge") == 0, "risectl purge succeeds"))
		goto out;

	snprintf(where, sizeof(where), "id = '%s'", old);
	T_CHECKF(NULL, count("sessions", where) == 0, "the session ended 40 days ago is gone");
	snprintf(where, sizeof(where), "session_id IN ('%s', '%s')", old, exp);
	T_CHECKF(NULL, count("refresh_tokens", where) == 0,
	    "the refresh tokens of ended and expired sessions are gone");
	snprintf(where, sizeof(where), "id = '%s'", exp);
	T_CHECKF(NULL, count("sessions", where) == 1, "the session expired an hour ago is kept");
	snprintf(where, sizeof(where), "session_id = '%s'", live);
	T_CHECKF(NULL, count("refresh_tokens", where) == 2,
	    "the live session keeps its used and current refresh tokens");
	snprintf(where, sizeof(where), "key = '%s'", rl);
	T_CHECKF(NULL, count("rate_limits", where) == 0, "the old rate-limit window is gone");
	snprintf(where, sizeof(where), "id = '%s'", mail);
	T_CHECKF(NULL, count("mail_outbox", where) == 0, "the mail sent 40 days ago is gone");
	snprintf(where, sizeof(where), "id = '%s'", a.id);
	T_CHECKF(NULL, count("assessments", where) == 1, "its assessment is kept");

	/* The live session goes on: its access token works, and it rotates. */
	t_free(&r);
	t_req(&r, "GET", "/v1/users/me", u.access, NULL);
	T_STATUS(&r, 200);
	(void)t_refresh(&u);
out:
	t_free(&r);
}

#define ORIGIN	"https://app.example.test"

/* Header name of r is exactly want. */
#define T_CHECK_HEADER(r, name, want) \
	T_CHECKF((r), t_header((r), (name)) != NULL && \
	    strcmp(t_header((r), (name)), (want)) == 0, "%s: %s", (name), (want))

static void
test_cors(void)
{
	struct tuser	 u;
	struct tres	 r = {0};

	if (t_register(&u) == -1)
		return;
	/* A preflight from the allowed origin. */
	t_reqh(&r, "OPTIONS", "/v1/assessments", NULL, (const char *[]){
	    "Origin: " ORIGIN, "Access-Control-Request-Method: POST",
	    "Access-Control-Request-Headers: authorization, content-type", NULL }, NULL);
	if (T_STATUS(&r, 204)) {
		T_CHECK_HEADER(&r, "Access-Control-Allow-Origin", ORIGIN);
		T_CHECK_HEADER(&r, "Access-Control-Allow-Methods", "POST, GET");
		T_CHECKF(&r, t_header(&r, "Access-Control-Allow-Headers") != NULL &&
		    strstr(t_header(&r, "Access-Control-Allow-Headers"), "Authorization") &&
		    strstr(t_header(&r, "Access-Control-Allow-Headers"), "Content-Type"),
		    "the preflight allows Authorization and Content-Type");
		T_CHECKF(&r, t_header(&r, "Access-Control-Allow-Credentials") == NULL,
		    "no credentials: the API uses bearer tokens");
	}
	/* The actual request, authenticated, from that origin. */
	t_free(&r);
	t_reqh(&r, "GET", "/v1/users/me", u.access, (const char *[]){
	    "Origin: " ORIGIN, NULL }, NULL);
	if (T_STATUS(&r, 200)) {
		T_CHECK_HEADER(&r, "Access-Control-Allow-Origin", ORIGIN);
		T_CHECK_HEADER(&r, "Vary", "Origin");
		T_CHECKF(&r, t_header(&r, "Access-Control-Expose-Headers") != NULL &&
		    strstr(t_header(&r, "Access-Control-Expose-Headers"), "X-RateLimit-Remaining"),
		    "scripts may read the rate-limit headers");
	}
	/* Another origin: no grant, and its preflight is just an OPTIONS (405). */
	t_free(&r);
	t_reqh(&r, "GET", "/v1/users/me", u.access, (const char *[]){
	    "Origin: https://evil.example", NULL }, NULL);
	if (T_STATUS(&r, 200)) {
		T_CHECKF(&r, t_header(&r, "Access-Control-Allow-Origin") == NULL,
		    "no Access-Control-Allow-Origin for another origin");
		T_CHECK_HEADER(&r, "Vary", "Origin");
	}
	t_free(&r);
	t_reqh(&r, "OPTIONS", "/v1/assessments", NULL, (const char *[]){
	    "Origin: https://evil.example", "Access-Control-Request-Method: POST", NULL }, NULL);
	if (T_ERROR(&r, 405, "METHOD_NOT_ALLOWED"))
		T_CHECKF(&r, t_header(&r, "Access-Control-Allow-Origin") == NULL &&
		    t_header(&r, "Access-Control-Allow-Methods") == NULL,
		    "no CORS grant for another origin");
	/* The web UI is same-origin: no CORS headers even for the allowed one. */
	t_free(&r);
	t_reqh(&r, "GET", "/login", NULL, (const char *[]){ "Origin: " ORIGIN, NULL }, NULL);
	if (T_STATUS(&r, 200))
		T_CHECKF(&r, t_header(&r, "Access-Control-Allow-Origin") == NULL,
		    "no Access-Control-Allow-Origin on a page");
	t_free(&r);
}

void
suite_ops(void)
{
	CU_pSuite	 s = t_suite("ops");

	T_ADD(s, test_cors);
	T_ADD(s, test_purge);
}
