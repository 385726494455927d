/*
 * web.h: what the server-rendered web UI needs beyond the API: session
 * cookies, CSRF tokens, redirects and pages rendered from templates/.
 *
 * A browser signs in to a session like an API login (sessions table),
 * but carries a random cookie token whose hash is stored: HttpOnly,
 * SameSite=Strict, and over HTTPS Secure with the __Host- prefix.  Every
 * form that changes something carries a CSRF token: an HMAC of the
 * session id, or before sign-in a random token that must match a cookie
 * (double submit).
 */
#ifndef RISE_WEB_H
#define RISE_WEB_H

#include <stdbool.h>

#include <json-c/json.h>

#include "request.h"
#include "sign.h"

struct tmpl_set;

/* Web sessions last this long (seconds) from sign-in. */
#define WEB_SESSION_TTL	(12 * 3600)

/* Makes the loaded templates available to web_render (process state). */
void		 web_init(const struct tmpl_set *);

/*
 * Authenticates the request by its session cookie and fills r->who.
 * Returns 0, or with required a 303 redirect to /login (response set);
 * without required a missing or dead cookie is not an error.
 */
int		 web_authenticate(struct req *, bool required);

/* Starts a browser session for the account and sets its cookie. */
enum app_err	 web_session_start(struct req *, const char *user, const char *org);

/* Ends the request's session (if any) and clears the cookie. */
enum app_err	 web_session_end(struct req *);

/*
 * The CSRF token for forms on this page: the session's, or before sign-in
 * the pre-session cookie's (set on this response if the browser has none).
 */
void		 web_csrf(struct req *, char out[SIGN_MAX]);

/* Checks the form's "csrf" field: 0, or 403 with the response set. */
int		 web_csrf_check(struct req *);

/* A 303 See Other to a local path; returns 303. */
int		 web_redirect(struct req *, const char *path);

/*
 * Renders template name inside the layout with ctx (taken) plus the
 * signed-in user, the CSRF token and the flags the layout needs.
 * Returns status, or 500 with the response set.
 */
int		 web_render(struct req *, int status, const char *name, json_object *ctx);

/*
 * Replaces an error response (r->error) with the "error" page: the status
 * and the message, in the layout, with the security headers.
 */
void		 web_error_page(struct req *);

#endif
