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
#include "util.h"

/* The account that signed in. */
struct session_acct {
	char	user_id[UTIL_ID_MAX];
	char	org_id[UTIL_ID_MAX];
	char	role[16];
};

enum session_verdict {
	SESSION_OK,		/* the tenant is set to the user's */
	SESSION_DENIED,		/* 401 "Invalid email or password" */
	SESSION_DB_ERROR,	/* the response is not set yet */
};

/*
 * Checks email and password for the API login and the web sign-in alike:
 * an unknown email costs the same time as a wrong password; a wrong
 * password counts against the account (ten lock it for 15 minutes, and
 * that count is committed even though the answer is a refusal); a
 * suspended, deleted or locked account is refused like a wrong password.
 * On SESSION_OK the transaction's tenant is the user's and the login is
 * recorded.
 */
enum session_verdict session_password(struct req *, const char *email,
		    const char *password, struct session_acct *);

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
