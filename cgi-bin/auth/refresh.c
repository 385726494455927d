/* refresh.c: POST /v1/auth/refresh. */
#include <string.h>

#include "input.h"
#include "resp.h"
#include "serve.h"
#include "session.h"

#include "extern.h"

/*
 * Trades a refresh token for a new access token and a new refresh token;
 * the presented one is used up.  200 with {accessToken, refreshToken};
 * 400 VALIDATION_ERROR without refreshToken; 401 UNAUTHORIZED for an
 * unknown, expired or already used token, a revoked session or an
 * inactive user.  A used token presented again revokes its whole session
 * (someone else may hold the newer token), and that revocation is
 * committed although the answer is 401.
 */
int
auth_refresh(struct req *r)
{
	struct db	*db = r->app->db;
	struct in	 in;
	const char	*token, *sid, *org, *user;
	char		 hash[AUTH_TOKHASH_MAX];
	PGresult	*tok = NULL, *res;
	json_object	*out;
	int		 st;

	in_init(&in, r->json);
	token = in_str(&in, "refreshToken", IN_REQUIRED, 4096);
	if (!in_ok(&in)) {
		st = in_fail(r, &in);
		goto out;
	}
	auth_token_hash(token, hash);
	if ((tok = DB_Q(db, STMT_REFRESH_LOOKUP, hash)) == NULL) {
		st = resp_db_error(r);
		goto out;
	}
	if (PQntuples(tok) != 1 || db_getbool(tok, 0, 4)) {
		st = resp_error(r, RESP_UNAUTHORIZED, "Invalid refresh token", NULL);
		goto out;
	}
	sid = db_get(tok, 0, 0);
	org = db_get(tok, 0, 1);
	user = db_get(tok, 0, 2);
	if (db_tenant(db, org, user, "") != APP_OK) {
		st = resp_db_error(r);
		goto out;
	}
	/* Of two concurrent uses of one token, exactly one gets the row. */
	if ((res = DB_Q(db, STMT_REFRESH_USE, hash)) == NULL) {
		st = resp_db_error(r);
		goto out;
	}
	if (PQntuples(res) != 1) {
		PQclear(res);
		if ((res = DB_Q(db, STMT_SESSION_REVOKE, sid, "refresh token reuse")) != NULL)
			PQclear(res);
		(void)db_commit(db);
		st = resp_error(r, RESP_UNAUTHORIZED, "Invalid refresh token", NULL);
		goto out;
	}
	PQclear(res);
	/* The session must still be live and its user active. */
	if ((res = DB_Q(db, STMT_SESSION_LIVE, sid)) == NULL) {
		st = resp_db_error(r);
		goto out;
	}
	if (PQntuples(res) != 1) {
		PQclear(res);
		st = resp_error(r, RESP_UNAUTHORIZED, "Invalid refresh token", NULL);
		goto out;
	}
	out = json_object_new_object();
	if (session_issue(r, sid, user, org, db_get(res, 0, 0), out) != APP_OK) {
		PQclear(res);
		json_object_put(out);
		st = resp_db_error(r);
		goto out;
	}
	PQclear(res);
	st = resp_ok(r, 200, out);
out:
	PQclear(tok);
	in_free(&in);
	return st;
}
