/* me.c: GET and PATCH /v1/users/me. */
#include <string.h>

#include "input.h"
#include "resp.h"
#include "serve.h"
#include "user.h"
#include "valid.h"

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
 * PATCH /v1/users/me: changes firstName, lastName, company, phone and
 * settings (emailNotifications, theme); absent fields keep their value,
 * null clears company or phone.  200 with the whole profile; 400
 * VALIDATION_ERROR naming every bad field, including any other field
 * (role, email, ...), which is refused rather than ignored so that a
 * client never believes it changed something it cannot.
 */
int
users_me_patch(struct req *r)
{
	static const char *const fields[] = { "firstName", "lastName", "company",
	    "phone", "settings", NULL };
	static const char *const sfields[] = { "emailNotifications", "theme", NULL };
	static const char *const themes[] = { "light", "dark", "system", NULL };
	struct in	 in, set;
	const char	*first, *last, *company, *phone, *theme, *notify;
	char		 e164[VALID_PHONE_MAX];
	PGresult	*cur = NULL, *res = NULL;
	int		 n, st;

	in_init(&in, r->json);
	in_only(&in, fields, "Field cannot be changed");
	first = in_str(&in, "firstName", 0, 100);
	last = in_str(&in, "lastName", 0, 100);
	company = in_str(&in, "company", IN_NULLABLE, 200);
	phone = in_str(&in, "phone", IN_NULLABLE, 32);
	if (phone != NULL && !valid_phone(phone, e164))
		in_error(&in, "phone", "Phone must be in E.164 format, e.g. +15550100");
	n = -1;
	theme = NULL;
	if (in_sub(&in, "settings", &set)) {
		in_only(&set, sfields, "Unknown setting");
		n = in_bool(&set, "emailNotifications", 0);
		theme = in_enum(&set, "theme", 0, themes);
	}
	if (!in_ok(&in)) {
		st = in_fail(r, &in);
		goto out;
	}
	if ((cur = DB_Q(r->app->db, STMT_USER_GET_FOR_UPDATE, r->who.user_id)) == NULL) {
		st = resp_db_error(r);
		goto out;
	}
	if (PQntuples(cur) != 1) {
		st = resp_error(r, RESP_NOT_FOUND, "User not found", NULL);
		goto out;
	}
	/* Absent fields keep the stored value; null clears company and phone. */
	if (first == NULL)
		first = db_get(cur, 0, UC_FIRST);
	if (last == NULL)
		last = db_get(cur, 0, UC_LAST);
	if (company == NULL && !in_has(&in, "company"))
		company = db_null(cur, 0, UC_COMPANY) ? NULL : db_get(cur, 0, UC_COMPANY);
	if (phone != NULL)
		phone = e164;
	else if (!in_has(&in, "phone"))
		phone = db_null(cur, 0, UC_PHONE) ? NULL : db_get(cur, 0, UC_PHONE);
	notify = n < 0 ? db_get(cur, 0, UC_NOTIFY) : n ? "t" : "f";
	if (theme == NULL)
		theme = db_get(cur, 0, UC_THEME);
	res = DB_Q(r->app->db, STMT_USER_UPDATE_PROFILE, r->who.user_id, first,
	    last, company, phone, notify, theme);
	if (res == NULL || PQntuples(res) != 1) {
		st = resp_db_error(r);
		goto out;
	}
	st = resp_ok(r, 200, user_json(res, 0, USER_VIEW_PROFILE));
out:
	PQclear(cur);
	PQclear(res);
	in_free(&in);
	return st;
}
