/* session.c: signing in and out of the web UI. */
#include <string.h>

#include "resp.h"
#include "serve.h"
#include "session.h"
#include "web.h"

#include "extern.h"

/* GET /login: the sign-in form, or the dashboard if already signed in. */
int
web_login_form(struct req *r)
{
	if (r->who.ok)
		return web_redirect(r, "/");
	return web_render(r, 200, "login", NULL);
}

/*
 * POST /login: email and password as for the API login, with the same
 * rate limit and refusals.  303 to the dashboard; 401 with the form again
 * (the email kept) for bad credentials; 429 past the limit.
 */
int
web_login(struct req *r)
{
	struct session_acct	 acct;
	const char		*email = req_form(r, "email"), *pw = req_form(r, "password");
	json_object		*ctx;

	if (email == NULL || pw == NULL || *email == '\0' || *pw == '\0' ||
	    strlen(email) > 254 || strlen(pw) > 1024) {
		ctx = json_object_new_object();
		json_object_object_add(ctx, "email", json_object_new_string(email ? email : ""));
		json_object_object_add(ctx, "error",
		    json_object_new_string("Enter your email and password."));
		return web_render(r, 400, "login", ctx);
	}
	switch (session_password(r, email, pw, &acct)) {
	case SESSION_OK:
		break;
	case SESSION_DENIED:
		ctx = json_object_new_object();
		json_object_object_add(ctx, "email", json_object_new_string(email));
		json_object_object_add(ctx, "error",
		    json_object_new_string("Invalid email or password."));
		return web_render(r, 401, "login", ctx);
	default:
		return resp_db_error(r);
	}
	if (web_session_start(r, acct.user_id, acct.org_id) != APP_OK)
		return resp_db_error(r);
	return web_redirect(r, "/");
}

/* POST /logout: ends the session.  303 to the sign-in page. */
int
web_logout(struct req *r)
{
	if (web_session_end(r) != APP_OK)
		return resp_db_error(r);
	return web_redirect(r, "/login");
}
