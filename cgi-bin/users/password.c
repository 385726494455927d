/* password.c: PUT /v1/users/me/password. */
#include <string.h>

#include "input.h"
#include "resp.h"
#include "serve.h"
#include "valid.h"

#include "extern.h"

/*
 * Changes the caller's password and signs out their other sessions (the
 * one making the change stays signed in).  204; 400 VALIDATION_ERROR if
 * currentPassword is wrong or newPassword breaks the policy or equals
 * the current one; 429 past 3 an hour per user.
 */
int
users_me_password(struct req *r)
{
	struct db	*db = r->app->db;
	struct in	 in;
	const char	*cur, *new, *why;
	char		 hash[AUTH_HASH_MAX];
	PGresult	*res = NULL;
	int		 st;

	in_init(&in, r->json);
	cur = in_str(&in, "currentPassword", IN_REQUIRED, 1024);
	if ((new = in_str(&in, "newPassword", IN_REQUIRED, 128)) != NULL &&
	    (why = valid_password(new)) != NULL)
		in_error(&in, "newPassword", why);
	if (!in_ok(&in)) {
		st = in_fail(r, &in);
		goto out;
	}
	if ((res = DB_Q(db, STMT_USER_PASSWORD_HASH, r->who.user_id)) == NULL ||
	    PQntuples(res) != 1) {
		st = resp_db_error(r);
		goto out;
	}
	if (!auth_password_verify(db_get(res, 0, 0), cur))
		in_error(&in, "currentPassword", "Current password is incorrect");
	else if (strcmp(cur, new) == 0)
		in_error(&in, "newPassword", "New password must differ from the current one");
	if (!in_ok(&in)) {
		st = in_fail(r, &in);
		goto out;
	}
	PQclear(res);
	res = NULL;
	if (auth_password_hash(new, hash) != APP_OK) {
		st = resp_error(r, RESP_INTERNAL_ERROR, NULL, NULL);
		goto out;
	}
	res = DB_Q(db, STMT_USER_SET_PASSWORD, r->who.user_id, hash);
	explicit_bzero(hash, sizeof(hash));
	if (res == NULL) {
		st = resp_db_error(r);
		goto out;
	}
	PQclear(res);
	res = DB_Q(db, STMT_SESSION_REVOKE_USER, r->who.user_id, r->who.session_id,
	    "password changed");
	if (res == NULL) {
		st = resp_db_error(r);
		goto out;
	}
	st = resp_ok(r, 204, NULL);
out:
	PQclear(res);
	in_free(&in);
	return st;
}
