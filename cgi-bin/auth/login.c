/* login.c: POST /v1/auth/login. */
#include <string.h>

#include "input.h"
#include "resp.h"
#include "serve.h"
#include "session.h"
#include "user.h"

#include "extern.h"

/*
 * Verifies email and password and starts a session.  200 with {user,
 * accessToken, refreshToken}; 400 VALIDATION_ERROR without email or
 * password; 401 UNAUTHORIZED, with one body and about the same time, for
 * an unknown email, a wrong password, a suspended, deleted or locked
 * account; 429 past 5 per 15 minutes per client address.
 */
int
auth_login(struct req *r)
{
	struct app	*app = r->app;
	struct in	 in;
	const char	*email, *password;
	PGresult	*acct = NULL, *row = NULL, *res;
	json_object	*out = NULL;
	bool		 ok;
	int		 st;

	in_init(&in, r->json);
	email = in_str(&in, "email", IN_REQUIRED, 254);
	password = in_str(&in, "password", IN_REQUIRED, 1024);
	if (!in_ok(&in)) {
		st = in_fail(r, &in);
		goto out;
	}
	if ((acct = DB_Q(app->db, STMT_LOGIN_LOOKUP, email)) == NULL) {
		st = resp_db_error(r);
		goto out;
	}
	if (PQntuples(acct) != 1) {
		auth_password_burn(password);
		st = resp_error(r, RESP_UNAUTHORIZED, "Invalid email or password", NULL);
		goto out;
	}
	/* Verify first, whatever the account's state, so timing tells nothing. */
	ok = auth_password_verify(db_get(acct, 0, 2), password);
	if (!ok && strcmp(db_get(acct, 0, 4), "active") == 0) {
		/* Count the failure even though the request answers 401. */
		if ((res = DB_Q(app->db, STMT_LOGIN_FAILED, db_get(acct, 0, 0))) != NULL)
			PQclear(res);
		(void)db_commit(app->db);
	}
	if (!ok || strcmp(db_get(acct, 0, 4), "active") != 0 ||
	    db_getbool(acct, 0, 5)) {
		st = resp_error(r, RESP_UNAUTHORIZED, "Invalid email or password", NULL);
		goto out;
	}
	if (db_tenant(app->db, db_get(acct, 0, 1), db_get(acct, 0, 0),
	    db_get(acct, 0, 3)) != APP_OK ||
	    (res = DB_Q(app->db, STMT_LOGIN_OK, db_get(acct, 0, 0))) == NULL) {
		st = resp_db_error(r);
		goto out;
	}
	PQclear(res);
	if ((row = DB_Q(app->db, STMT_USER_GET, db_get(acct, 0, 0))) == NULL ||
	    PQntuples(row) != 1) {
		st = resp_db_error(r);
		goto out;
	}
	out = json_object_new_object();
	json_object_object_add(out, "user", user_json(row, 0, USER_VIEW_BRIEF));
	if (session_start(r, db_get(acct, 0, 0), db_get(acct, 0, 1),
	    db_get(acct, 0, 3), out) != APP_OK) {
		st = resp_db_error(r);
		goto out;
	}
	st = resp_ok(r, 200, out);
	out = NULL;
out:
	json_object_put(out);
	PQclear(acct);
	PQclear(row);
	in_free(&in);
	return st;
}
