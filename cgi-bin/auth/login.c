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
	struct session_acct	 acct;
	struct in		 in;
	const char		*email, *password;
	PGresult		*row = NULL;
	json_object		*out = NULL;
	int			 st;

	in_init(&in, r->json);
	email = in_str(&in, "email", IN_REQUIRED, 254);
	password = in_str(&in, "password", IN_REQUIRED, 1024);
	if (!in_ok(&in)) {
		st = in_fail(r, &in);
		goto out;
	}
	switch (session_password(r, email, password, &acct)) {
	case SESSION_OK:
		break;
	case SESSION_DENIED:
		st = resp_error(r, RESP_UNAUTHORIZED, "Invalid email or password", NULL);
		goto out;
	default:
		st = resp_db_error(r);
		goto out;
	}
	if ((row = DB_Q(r->app->db, STMT_USER_GET, acct.user_id)) == NULL ||
	    PQntuples(row) != 1) {
		st = resp_db_error(r);
		goto out;
	}
	out = json_object_new_object();
	json_object_object_add(out, "user", user_json(row, 0, USER_VIEW_BRIEF));
	if (session_start(r, acct.user_id, acct.org_id, acct.role, out) != APP_OK) {
		st = resp_db_error(r);
		goto out;
	}
	st = resp_ok(r, 200, out);
	out = NULL;
out:
	json_object_put(out);
	PQclear(row);
	in_free(&in);
	return st;
}
