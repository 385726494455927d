/* logout.c: POST /v1/auth/logout. */
#include "resp.h"
#include "serve.h"

#include "extern.h"

/*
 * Ends the caller's session: its refresh tokens and every access token
 * issued in it stop working at once.  204; 401 without a valid token.
 */
int
auth_logout(struct req *r)
{
	PGresult	*res;

	res = DB_Q(r->app->db, STMT_SESSION_REVOKE, r->who.session_id, "logout");
	if (res == NULL)
		return resp_db_error(r);
	PQclear(res);
	return resp_ok(r, 204, NULL);
}
