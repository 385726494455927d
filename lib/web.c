/* web.c: session cookies, CSRF tokens, redirects and pages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "log.h"
#include "resp.h"
#include "serve.h"
#include "tmpl.h"
#include "web.h"

#define COOKIE_MAX	64	/* 43 base64url characters and NUL */

static const struct tmpl_set	*templates;

void
web_init(const struct tmpl_set *set)
{
	templates = set;
}

/* Over HTTPS the cookie is Secure and __Host- prefixed (scoped to this host). */
static const char *
cookie_name(const struct req *r)
{
	return r->https ? "__Host-rise" : "rise";
}

static const char *
csrf_cookie_name(const struct req *r)
{
	return r->https ? "__Host-rise_csrf" : "rise_csrf";
}

/* Sets a cookie: HttpOnly, SameSite=Strict, Path=/, Secure over HTTPS. */
static void
set_cookie(struct req *r, const char *name, const char *value, long max_age)
{
	char	c[256];

	snprintf(c, sizeof(c), "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%ld%s",
	    name, value, max_age, r->https ? "; Secure" : "");
	(void)resp_header(r, "Set-Cookie", c);
}

/* A cookie value we issued: 43 base64url characters. */
static bool
token_shape(const char *s)
{
	size_t	n = 0;

	for (; *s != '\0'; s++, n++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		    (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
			return false;
	return n == 43;
}

int
web_authenticate(struct req *r, bool required)
{
	char		 tok[COOKIE_MAX], hash[AUTH_TOKHASH_MAX];
	PGresult	*res;

	if (req_cookie(r, cookie_name(r), tok, sizeof(tok)) && token_shape(tok)) {
		auth_token_hash(tok, hash);
		if ((res = DB_Q(r->app->db, STMT_WEB_SESSION, hash)) == NULL)
			return resp_db_error(r);
		if (PQntuples(res) == 1) {
			r->who.ok = true;
			snprintf(r->who.session_id, sizeof(r->who.session_id), "%s",
			    db_get(res, 0, 0));
			snprintf(r->who.user_id, sizeof(r->who.user_id), "%s", db_get(res, 0, 1));
			snprintf(r->who.org_id, sizeof(r->who.org_id), "%s", db_get(res, 0, 2));
			snprintf(r->who.role, sizeof(r->who.role), "%s", db_get(res, 0, 3));
		}
		PQclear(res);
	}
	if (r->who.ok || !required)
		return 0;
	return web_redirect(r, "/login");
}

enum app_err
web_session_start(struct req *r, const char *user, const char *org)
{
	char		 sid[UTIL_ID_MAX], ttl[24], hash[AUTH_TOKHASH_MAX];
	char		 tok[COOKIE_MAX];
	uint8_t		 rnd[32];
	PGresult	*res;
	enum app_err	 rc;

	if ((rc = util_id(sid, "ses_")) != APP_OK ||
	    (rc = util_random(rnd, sizeof(rnd))) != APP_OK)
		return rc;
	util_b64url_encode(tok, rnd, sizeof(rnd));
	auth_token_hash(tok, hash);
	snprintf(ttl, sizeof(ttl), "%d", WEB_SESSION_TTL);
	res = DB_Q(r->app->db, STMT_WEB_SESSION_INSERT, sid, org, user, ttl,
	    r->client_ip, hash);
	if (res == NULL)
		return APP_ERR_DB;
	PQclear(res);
	set_cookie(r, cookie_name(r), tok, WEB_SESSION_TTL);
	explicit_bzero(tok, sizeof(tok));
	return APP_OK;
}

enum app_err
web_session_end(struct req *r)
{
	PGresult	*res;

	set_cookie(r, cookie_name(r), "", 0);
	if (!r->who.ok)
		return APP_OK;
	if ((res = DB_Q(r->app->db, STMT_SESSION_REVOKE, r->who.session_id,
	    "sign-out")) == NULL)
		return APP_ERR_DB;
	PQclear(res);
	return APP_OK;
}

void
web_csrf(struct req *r, char out[SIGN_MAX])
{
	uint8_t	rnd[32];

	if (r->who.ok) {
		/* Bound to the session; no expiry beyond the session's own. */
		sign_make(&r->app->key, "csrf", r->who.session_id, 0, out);
		return;
	}
	if (req_cookie(r, csrf_cookie_name(r), out, SIGN_MAX) && token_shape(out))
		return;
	if (util_random(rnd, sizeof(rnd)) != APP_OK) {
		out[0] = '\0';
		return;
	}
	util_b64url_encode(out, rnd, sizeof(rnd));
	set_cookie(r, csrf_cookie_name(r), out, WEB_SESSION_TTL);
}

int
web_csrf_check(struct req *r)
{
	const char	*got = req_form(r, "csrf");
	char		 want[SIGN_MAX];

	if (r->who.ok)
		sign_make(&r->app->key, "csrf", r->who.session_id, 0, want);
	else if (!req_cookie(r, csrf_cookie_name(r), want, sizeof(want)) ||
	    !token_shape(want))
		want[0] = '\0';
	if (got == NULL || want[0] == '\0' || strlen(got) != strlen(want) ||
	    !util_ct_equal(got, want, strlen(want)))
		return resp_error(r, RESP_FORBIDDEN,
		    "This form has expired or did not come from this site. "
		    "Go back, reload the page and try again.", NULL);
	return 0;
}

int
web_redirect(struct req *r, const char *path)
{
	/* Local paths only: never a redirect to another site. */
	if (path[0] != '/' || path[1] == '/' || path[1] == '\\')
		path = "/";
	(void)resp_header(r, "Location", path);
	r->status = 303;
	r->error = false;
	if (r->out != NULL) {
		json_object_put(r->out);
		r->out = NULL;
	}
	return 303;
}

int
web_render(struct req *r, int status, const char *name, json_object *ctx)
{
	char	 csrf[SIGN_MAX], *body = NULL, *page = NULL;
	size_t	 blen, plen;

	if (ctx == NULL)
		ctx = json_object_new_object();
	web_csrf(r, csrf);
	json_object_object_add(ctx, "csrf", json_object_new_string(csrf));
	if (r->who.ok) {
		json_object *me = json_object_new_object();

		json_object_object_add(me, "id", json_object_new_string(r->who.user_id));
		json_object_object_add(me, "isAdmin",
		    json_object_new_boolean(strcmp(r->who.role, "admin") == 0));
		json_object_object_add(ctx, "me", me);
	}
	json_object_object_add(ctx, "page", json_object_new_string(name));
	if (templates == NULL ||
	    tmpl_render(templates, name, ctx, &body, &blen) != APP_OK) {
		LOG_ERROR(r->rid, "template %s failed to render", name);
		json_object_put(ctx);
		return resp_error(r, RESP_INTERNAL_ERROR, NULL, NULL);
	}
	json_object_object_add(ctx, "body", json_object_new_string_len(body, (int)blen));
	free(body);
	if (tmpl_render(templates, "layout", ctx, &page, &plen) != APP_OK) {
		LOG_ERROR(r->rid, "layout failed to render");
		json_object_put(ctx);
		return resp_error(r, RESP_INTERNAL_ERROR, NULL, NULL);
	}
	json_object_put(ctx);
	free(r->raw);
	r->raw = page;
	r->rawlen = plen;
	r->raw_type = "text/html; charset=utf-8";
	r->status = status;
	r->error = false;
	if (r->out != NULL) {
		json_object_put(r->out);
		r->out = NULL;
	}
	return status;
}

void
web_error_page(struct req *r)
{
	json_object	*ctx, *err, *v;
	int		 status = r->status;
	const char	*msg = "Something went wrong.";

	if (r->out != NULL && json_object_object_get_ex(r->out, "error", &err) &&
	    json_object_object_get_ex(err, "message", &v))
		msg = json_object_get_string(v);
	/* The API's generic wording, in words for people. */
	if (status == 404 && strcmp(msg, "Resource not found") == 0)
		msg = "There is no page at this address. It may have been moved or deleted.";
	else if (status == 403 && strcmp(msg, "Insufficient permissions") == 0)
		msg = "Your account does not have access to this page.";
	else if (status == 405)
		msg = "This page cannot be used that way. Go back and try again.";
	else if (status == 429)
		msg = "Too many requests from your connection. Wait a few minutes and try again.";
	else if (status >= 500)
		msg = "Something went wrong on our side. Please try again in a moment.";
	ctx = json_object_new_object();
	json_object_object_add(ctx, "status", json_object_new_int(status));
	json_object_object_add(ctx, "message", json_object_new_string(msg));
	json_object_object_add(ctx, "title", json_object_new_string(
	    status == 404 ? "Page not found" : status == 403 ? "Not allowed" :
	    status == 429 ? "Too many requests" : status >= 500 ?
	    "Something went wrong" : "That did not work"));
	if (web_render(r, status, "error", ctx) != status) {
		/* Not even the error page renders: a plain, escaped-free text. */
		free(r->raw);
		r->raw = strdup("Something went wrong.\n");
		r->rawlen = r->raw ? strlen(r->raw) : 0;
		r->raw_type = "text/plain; charset=utf-8";
		r->status = status;
	}
	r->error = false;
}
