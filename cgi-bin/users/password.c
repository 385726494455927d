/* password.c: PUT /v1/users/me/password. */
#include "input.h"
#include "profile.h"
#include "resp.h"
#include "serve.h"

#include "extern.h"

/*
 * Changes the caller's password and signs out their other sessions (the
 * one making the change stays signed in; profile_password).  204; 400
 * VALIDATION_ERROR if currentPassword is wrong or newPassword breaks the
 * policy or equals the current one; 429 past 3 an hour per user.
 */
int
users_me_password(struct req *r)
{
	struct in	 in;
	int		 st;

	in_init(&in, r->json);
	if ((st = profile_password(r, &in)) == 0)
		st = resp_ok(r, 204, NULL);
	else if (!in_ok(&in))
		st = in_fail(r, &in);
	in_free(&in);
	return st;
}
