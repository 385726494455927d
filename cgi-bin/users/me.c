/* me.c: GET and PATCH /v1/users/me. */
#include "input.h"
#include "profile.h"
#include "resp.h"
#include "serve.h"
#include "user.h"

#include "extern.h"

/* GET /v1/users/me: 200 with the profile; 401 without a valid token. */
int
users_me_get(struct req *r)
{
	PGresult	*res;
	int		 st;

	if ((res = DB_Q(r->app->db, STMT_USER_GET, r->who.user_id)) == NULL)
		return resp_db_error(r);
	if (PQntuples(res) != 1)
		st = resp_error(r, RESP_NOT_FOUND, "User not found", NULL);
	else
		st = resp_ok(r, 200, user_json(res, 0, USER_VIEW_PROFILE));
	PQclear(res);
	return st;
}

/*
 * PATCH /v1/users/me (profile_update): changes firstName, lastName,
 * company, phone and settings (emailNotifications, theme); absent fields
 * keep their value, null clears company or phone.  200 with the whole profile; 400
 * VALIDATION_ERROR naming every bad field, including any other field
 * (role, email, ...), which is refused rather than ignored so that a
 * client never believes it changed something it cannot.
 */
int
users_me_patch(struct req *r)
{
	struct in	 in;
	PGresult	*res;
	int		 st;

	in_init(&in, r->json);
	if ((st = profile_update(r, &in, &res)) == 0) {
		st = resp_ok(r, 200, user_json(res, 0, USER_VIEW_PROFILE));
		PQclear(res);
	} else if (!in_ok(&in))
		st = in_fail(r, &in);
	in_free(&in);
	return st;
}
