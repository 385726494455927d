/* profile.c: the caller's own profile and password. */
#include <string.h>

#include "auth.h"
#include "db.h"
#include "profile.h"
#include "resp.h"
#include "serve.h"
#include "user.h"
#include "valid.h"

int
profile_update(struct req *r, struct in *in, PGresult **row)
{
	static const char *const fields[] = { "firstName", "lastName", "company",
	    "phone", "settings", NULL };
	static const char *const sfields[] = { "emailNotifications", "theme", NULL };
	static const char *const themes[] = { "light", "dark", "system", NULL };
	struct in	 set;
	const char	*first, *last, *company, *phone, *theme, *notify;
	char		 e164[VALID_PHONE_MAX];
	PGresult	*cur = NULL, *res;
	int		 n, st;

	*row = NULL;
	in_only(in, fields, "Field cannot be changed");
	first = in_str(in, "firstName", 0, 100);
	last = in_str(in, "lastName", 0, 100);
	company = in_str(in, "company", IN_NULLABLE, 200);
	phone = in_str(in, "phone", IN_NULLABLE, 32);
	if (phone != NULL && !valid_phone(phone, e164))
		in_error(in, "phone", "Phone must be in E.164 format, e.g. +15550100");
	n = -1;
	theme = NULL;
	if (in_sub(in, "settings", &set)) {
		in_only(&set, sfields, "Unknown setting");
		n = in_bool(&set, "emailNotifications", 0);
		theme = in_enum(&set, "theme", 0, themes);
	}
	if (!in_ok(in))
		return 400;
	if ((cur = DB_Q(r->app->db, STMT_USER_GET_FOR_UPDATE, r->who.user_id)) == NULL)
		return resp_db_error(r);
	if (PQntuples(cur) != 1) {
		st = resp_error(r, RESP_NOT_FOUND, "User not found", NULL);
		goto out;
	}
	/* Absent fields keep the stored value; null clears company and phone. */
	if (first == NULL)
		first = db_get(cur, 0, UC_FIRST);
	if (last == NULL)
		last = db_get(cur, 0, UC_LAST);
	if (company == NULL && !in_has(in, "company"))
		company = db_null(cur, 0, UC_COMPANY) ? NULL : db_get(cur, 0, UC_COMPANY);
	if (phone != NULL)
		phone = e164;
	else if (!in_has(in, "phone"))
		phone = db_null(cur, 0, UC_PHONE) ? NULL : db_get(cur, 0, UC_PHONE);
	notify = n < 0 ? db_get(cur, 0, UC_NOTIFY) : n ? "t" : "f";
	if (theme == NULL)
		theme = db_get(cur, 0, UC_THEME);
	res = DB_Q(r->app->db, STMT_USER_UPDATE_PROFILE, r->who.user_id, first,
	    last, company, phone, notify, theme);
	if (res == NULL || PQntuples(res) != 1) {
		PQclear(res);
		st = resp_db_error(r);
		goto out;
	}
	*row = res;
	st = 0;
out:
	PQclear(cur);
	return st;
}

int
profile_password(struct req *r, struct in *in)
{
	struct db	*db = r->app->db;
	const char	*cur, *new, *why;
	char		 hash[AUTH_HASH_MAX];
	PGresult	*res = NULL;
	int		 st;

	cur = in_str(in, "currentPassword", IN_REQUIRED, 1024);
	if ((new = in_str(in, "newPassword", IN_REQUIRED, 128)) != NULL &&
	    (why = valid_password(new)) != NULL)
		in_error(in, "newPassword", why);
	if (!in_ok(in))
		return 400;
	if ((res = DB_Q(db, STMT_USER_PASSWORD_HASH, r->who.user_id)) == NULL ||
	    PQntuples(res) != 1) {
		st = resp_db_error(r);
		goto out;
	}
	if (!auth_password_verify(db_get(res, 0, 0), cur))
		in_error(in, "currentPassword", "Current password is incorrect");
	else if (strcmp(cur, new) == 0)
		in_error(in, "newPassword", "New password must differ from the current one");
	if (!in_ok(in)) {
		st = 400;
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
	st = 0;
out:
	PQclear(res);
	return st;
}
