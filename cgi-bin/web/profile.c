/*
 * profile.c: the signed-in user's profile, settings and password in the
 * web UI, with the rules of PATCH /v1/users/me and PUT
 * /v1/users/me/password (lib/profile.c).
 */
#include <string.h>
#include <time.h>

#include "profile.h"
#include "resp.h"
#include "serve.h"
#include "user.h"
#include "web.h"
#include "webui.h"

#include "extern.h"

/* The profile form's fields, as PATCH /v1/users/me reads them. */
static const struct webui_field profile_fields[] = {
	{ "firstName", WEBUI_TEXT },
	{ "lastName", WEBUI_TEXT },
	{ "company", WEBUI_OPTIONAL },
	{ "phone", WEBUI_OPTIONAL },
	{ "settings.emailNotifications", WEBUI_CHECKBOX },
	{ "settings.theme", WEBUI_TEXT },
};

/* The password form's: as typed, never trimmed. */
static const struct webui_field password_fields[] = {
	{ "currentPassword", WEBUI_SECRET },
	{ "newPassword", WEBUI_SECRET },
	{ "confirmPassword", WEBUI_SECRET },
};

/* The fixed message of a ?done= code; never the query's own text. */
static const char *
flash(const struct req *r)
{
	const char	*done = req_query(r, "done");

	if (done == NULL)
		return NULL;
	if (strcmp(done, "profile") == 0)
		return "Profile saved.";
	if (strcmp(done, "password") == 0)
		return "Password changed. Your other sessions have been signed out.";
	return NULL;
}

/*
 * The profile page: the stored profile, the profile form with form (what
 * was typed, else the stored values) and errors, and the password form
 * with pwErrors.  Takes form, errors and pwErrors.
 */
static int
page(struct req *r, int status, json_object *form, json_object *errors,
    json_object *pwErrors)
{
	static const char *const times[] = { "createdAt", "updatedAt", NULL };
	json_object	*ctx, *user;
	PGresult	*res;

	if ((res = DB_Q(r->app->db, STMT_USER_GET, r->who.user_id)) == NULL ||
	    PQntuples(res) != 1) {
		PQclear(res);
		json_object_put(form);
		json_object_put(errors);
		json_object_put(pwErrors);
		return resp_db_error(r);
	}
	user = user_json(res, 0, USER_VIEW_PROFILE);
	PQclear(res);
	webui_dates(user, times, time(NULL));
	ctx = json_object_new_object();
	json_object_object_add(ctx, "form", form != NULL ? form : json_object_get(user));
	json_object_object_add(ctx, "user", user);
	json_object_object_add(ctx, "errors", errors);
	json_object_object_add(ctx, "pwErrors", pwErrors);
	json_object_object_add(ctx, "flash", flash(r) ? json_object_new_string(flash(r)) : NULL);
	json_object_object_add(ctx, "title", json_object_new_string("Your profile"));
	return web_render(r, status, "profile", ctx);
}

/* GET /profile: the profile and password forms.  200. */
int
web_profile(struct req *r)
{
	return page(r, 200, NULL, NULL, NULL);
}

/*
 * POST /profile: saves names, company, phone and settings as PATCH
 * /v1/users/me does (profile_update); an emptied company or phone is
 * cleared.  303 back with a message; 400 with the form again, what was
 * typed kept and each error beside its field.
 */
int
web_profile_update(struct req *r)
{
	struct in	 in;
	json_object	*form;
	PGresult	*res;
	int		 st;

	if ((form = webui_form(r, profile_fields, NELEM(profile_fields))) == NULL)
		return resp_error(r, RESP_INTERNAL_ERROR, NULL, NULL);
	in_init(&in, form);
	if ((st = profile_update(r, &in, &res)) == 0) {
		PQclear(res);
		json_object_put(form);
		return web_redirect(r, "/profile?done=profile");
	}
	if (in_ok(&in)) {
		json_object_put(form);
		return st;
	}
	return page(r, 400, form, webui_errors(&in), NULL);
}

/*
 * POST /profile/password: changes the password as PUT
 * /v1/users/me/password does (profile_password): the policy, the current
 * password, and the user's other sessions signed out; this one stays.
 * The new password must also be typed twice alike.  303 back with a
 * message; 400 with the errors beside the fields (no password is shown
 * again); 429 past the password rate limit.
 */
int
web_password(struct req *r)
{
	struct in	 in;
	json_object	*form, *v;
	const char	*new = NULL, *confirm = NULL;
	int		 st;

	if ((form = webui_form(r, password_fields, NELEM(password_fields))) == NULL)
		return resp_error(r, RESP_INTERNAL_ERROR, NULL, NULL);
	if (json_object_object_get_ex(form, "newPassword", &v))
		new = json_object_get_string(v);
	if (json_object_object_get_ex(form, "confirmPassword", &v))
		confirm = json_object_get_string(v);
	in_init(&in, form);
	/* A typing mistake in the new password stops the change. */
	if (new != NULL && *new != '\0' && (confirm == NULL || strcmp(new, confirm) != 0))
		in_error(&in, "confirmPassword", "The two new passwords do not match");
	st = profile_password(r, &in);
	json_object_put(form);
	if (st == 0)
		return web_redirect(r, "/profile?done=password");
	if (in_ok(&in))
		return st;
	return page(r, 400, NULL, NULL, webui_errors(&in));
}
