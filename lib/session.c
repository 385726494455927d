/* session.c: sessions, refresh tokens and access tokens. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve.h"
#include "session.h"

enum app_err
session_issue(struct req *r, const char *sid, const char *user,
    const char *org, const char *role, json_object *out)
{
	struct app		*app = r->app;
	struct auth_claims	 c;
	char			 refresh[AUTH_REFRESH_MAX], hash[AUTH_TOKHASH_MAX];
	char			 ttl[24], *access;
	PGresult		*res;
	enum app_err		 rc;

	if ((rc = auth_refresh_new(refresh)) != APP_OK)
		return rc;
	auth_token_hash(refresh, hash);
	snprintf(ttl, sizeof(ttl), "%ld", app->cfg.jwt_refresh_ttl);
	if ((res = DB_Q(app->db, STMT_REFRESH_INSERT, hash, org, sid, ttl)) == NULL)
		return APP_ERR_DB;
	PQclear(res);
	memset(&c, 0, sizeof(c));
	snprintf(c.sub, sizeof(c.sub), "%s", user);
	snprintf(c.sid, sizeof(c.sid), "%s", sid);
	snprintf(c.org, sizeof(c.org), "%s", org);
	snprintf(c.role, sizeof(c.role), "%s", role);
	if ((access = auth_jwt_issue(&app->key, &c)) == NULL)
		return APP_ERR_CRYPTO;
	json_object_object_add(out, "accessToken", json_object_new_string(access));
	json_object_object_add(out, "refreshToken", json_object_new_string(refresh));
	free(access);
	explicit_bzero(refresh, sizeof(refresh));
	return APP_OK;
}

enum session_verdict
session_password(struct req *r, const char *email, const char *password,
    struct session_acct *acct)
{
	struct db	*db = r->app->db;
	PGresult	*res, *done;
	bool		 ok, active;
	enum session_verdict v = SESSION_DENIED;

	memset(acct, 0, sizeof(*acct));
	if ((res = DB_Q(db, STMT_LOGIN_LOOKUP, email)) == NULL)
		return SESSION_DB_ERROR;
	if (PQntuples(res) != 1) {
		auth_password_burn(password);
		PQclear(res);
		return SESSION_DENIED;
	}
	/* Verify first, whatever the account's state, so timing tells nothing. */
	ok = auth_password_verify(db_get(res, 0, 2), password);
	active = strcmp(db_get(res, 0, 4), "active") == 0;
	if (!ok && active) {
		/* Count the failure even though the request answers 401. */
		if ((done = DB_Q(db, STMT_LOGIN_FAILED, db_get(res, 0, 0))) != NULL)
			PQclear(done);
		(void)db_commit(db);
		(void)db_begin(db);
	}
	if (ok && active && !db_getbool(res, 0, 5)) {
		snprintf(acct->user_id, sizeof(acct->user_id), "%s", db_get(res, 0, 0));
		snprintf(acct->org_id, sizeof(acct->org_id), "%s", db_get(res, 0, 1));
		snprintf(acct->role, sizeof(acct->role), "%s", db_get(res, 0, 3));
		v = SESSION_OK;
		if (db_tenant(db, acct->org_id, acct->user_id, acct->role) != APP_OK ||
		    (done = DB_Q(db, STMT_LOGIN_OK, acct->user_id)) == NULL)
			v = SESSION_DB_ERROR;
		else
			PQclear(done);
	}
	PQclear(res);
	return v;
}

enum app_err
session_start(struct req *r, const char *user, const char *org,
    const char *role, json_object *out)
{
	struct app	*app = r->app;
	char		 sid[UTIL_ID_MAX], ttl[24];
	PGresult	*res;
	enum app_err	 rc;

	if ((rc = util_id(sid, "ses_")) != APP_OK)
		return rc;
	snprintf(ttl, sizeof(ttl), "%ld", app->cfg.jwt_refresh_ttl);
	res = DB_Q(app->db, STMT_SESSION_INSERT, sid, org, user, ttl, r->client_ip);
	if (res == NULL)
		return APP_ERR_DB;
	PQclear(res);
	return session_issue(r, sid, user, org, role, out);
}
