/*
 * session.h: logins.  A session is one sign-in: a row in sessions, the
 * family of its rotating refresh tokens and the access tokens issued
 * from them (their sid claim).  Revoking the row ends them all at once.
 */
#ifndef RISE_SESSION_H
#define RISE_SESSION_H

#include <json-c/json.h>

#include "app.h"
#include "request.h"

/*
 * Starts a session for the user inside the request's transaction and adds
 * "accessToken" and "refreshToken" to out.
 */
enum app_err	 session_start(struct req *, const char *user, const char *org,
		    const char *role, json_object *out);

/*
 * Issues a new refresh token and access token for an existing session
 * (refresh rotation) and adds them to out.
 */
enum app_err	 session_issue(struct req *, const char *sid, const char *user,
		    const char *org, const char *role, json_object *out);

#endif
