/*
 * sign.h: links that work without a bearer token until they expire, like
 * a presigned object-store URL: "?expires=<unix time>&sig=<base64url>",
 * where sig is an HMAC-SHA-256 over purpose, id and expiry with a key
 * derived from the server secret.
 */
#ifndef RISE_SIGN_H
#define RISE_SIGN_H

#include <stdbool.h>
#include <time.h>

#include "auth.h"

#define SIGN_MAX	48	/* 43 base64url characters and NUL */

/* The signature of (purpose, id, expires). */
void	sign_make(const struct auth_key *, const char *purpose, const char *id,
	    time_t expires, char out[SIGN_MAX]);

enum sign_verdict {
	SIGN_OK,
	SIGN_BAD,		/* malformed or changed: 403 */
	SIGN_EXPIRED,		/* past its expiry: 403 */
};

/* Checks the query's expires and sig for (purpose, id) at time now. */
enum sign_verdict sign_check(const struct auth_key *, const char *purpose,
	    const char *id, const char *expires, const char *sig, time_t now);

#endif
