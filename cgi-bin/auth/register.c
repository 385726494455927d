/* register.c: POST /v1/auth/register. */
#include <string.h>

#include "input.h"
#include "resp.h"
#include "serve.h"
#include "session.h"
#include "user.h"
#include "valid.h"

#include "extern.h"

/*
 * Creates a consultant, their organization (named after company when
 * given) and a first session.  201 with {user, accessToken, refreshToken};
 * 400 VALIDATION_ERROR naming every bad field; 409 CONFLICT if the email
 * is taken (in any letter case); 429 past 3 an hour per client address.
 */
int
auth_register(struct req *r)
{
	static const char *const fields[] = { "email", "password", "firstName",
	    "lastName", "company", "phone", NULL };
	struct in	 in;
	struct user_new	 u;
	const char	*email, *password, *phone, *why;
	char		 e164[VALID_PHONE_MAX];
	PGresult	*row = NULL;
	json_object	*out;
	int		 st;

	memset(&u, 0, sizeof(u));
	in_init(&in, r->json);
	in_only(&in, fields, "Unknown field");
	if ((email = in_str(&in, "email", IN_REQUIRED, 254)) != NULL &&
	    !valid_email(email))
		in_error(&in, "email", "Invalid email format");
	if ((password = in_str(&in, "password", IN_REQUIRED, 128)) != NULL &&
	    (why = valid_password(password)) != NULL)
		in_error(&in, "password", why);
	u.first = in_str(&in, "firstName", IN_REQUIRED, 100);
	u.last = in_str(&in, "lastName", IN_REQUIRED, 100);
	u.company = in_str(&in, "company", IN_NULLABLE, 200);
	if ((phone = in_str(&in, "phone", IN_NULLABLE, 32)) != NULL) {
		if (valid_phone(phone, e164))
			u.phone = e164;
		else
			in_error(&in, "phone", "Phone must be in E.164 format, e.g. +15550100");
	}
	if (!in_ok(&in))
		return in_fail(r, &in);
	u.email = email;
	u.password = password;
	u.role = "consultant";
	if (user_create(r->app->db, &u, &row) != APP_OK) {
		if (db_http_status(r->app->db) == 409)
			st = resp_error(r, RESP_CONFLICT, "Email already registered", NULL);
		else
			st = resp_db_error(r);
		goto out;
	}
	out = json_object_new_object();
	json_object_object_add(out, "user", user_json(row, 0, USER_VIEW_BRIEF));
	if (session_start(r, db_get(row, 0, UC_ID), db_get(row, 0, UC_ORG),
	    "consultant", out) != APP_OK) {
		json_object_put(out);
		st = resp_db_error(r);
		goto out;
	}
	st = resp_ok(r, 201, out);
out:
	PQclear(row);
	in_free(&in);
	return st;
}
