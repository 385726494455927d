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
