/*
 * auth.h: passwords (Argon2id), access tokens (HS256 JWT) and refresh
 * tokens (random, stored only as hashes).
 *
 * libjwt 1.10 verifies the signature with whatever algorithm the token's
 * header names and checks no claims, so auth_jwt_verify checks the
 * header itself (alg must be HS256) before and after decoding, and every
 * claim after: typ, iss, aud, exp, nbf, sub, sid.
 */
#ifndef RISE_AUTH_H
#define RISE_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "app.h"
#include "config.h"
#include "util.h"

#define AUTH_SECRET_MIN		32	/* bytes of the signing secret */
#define AUTH_SECRET_MAX		256
#define AUTH_HASH_MAX		128	/* an encoded Argon2id hash and NUL */
#define AUTH_REFRESH_MAX	64	/* "rt_" and 43 base64url characters and NUL */
#define AUTH_TOKHASH_MAX	68	/* "\x" and 64 hex digits and NUL: a bytea literal */

/* The process's signing key and the claims it expects. */
struct auth_key {
	uint8_t		 secret[AUTH_SECRET_MAX];
	size_t		 len;
	const char	*issuer;
	const char	*audience;
	long		 access_ttl;
};

/* The claims of an access token. */
struct auth_claims {
	char	sub[UTIL_ID_MAX];	/* user id */
	char	sid[UTIL_ID_MAX];	/* session id */
	char	org[UTIL_ID_MAX];	/* organization id */
	char	role[16];
	time_t	iat, exp;
};

enum auth_verdict {
	AUTH_VALID,
	AUTH_INVALID,		/* 401 UNAUTHORIZED */
	AUTH_EXPIRED,		/* 401 TOKEN_EXPIRED */
};

/*
 * Loads the signing secret from the file named by the configuration.
 * Refuses a secret shorter than AUTH_SECRET_MIN bytes, with a message in err.
 */
enum app_err	 auth_key_load(struct auth_key *, const struct cfg *,
		    char *err, size_t errsz);

/*
 * Issues an access token for c (iat and exp are set here, with a new jti).
 * Returns a string the caller frees with free(), or NULL.
 */
char		*auth_jwt_issue(const struct auth_key *, struct auth_claims *c);

/* Verifies token at time now and fills *c if valid. */
enum auth_verdict auth_jwt_verify(const struct auth_key *, const char *token,
		    time_t now, struct auth_claims *c);

/* Hashes a password with Argon2id at OWASP's cost (19 MiB, t=2, p=1). */
enum app_err	 auth_password_hash(const char *password, char out[AUTH_HASH_MAX]);

/* True if password matches hash. */
bool		 auth_password_verify(const char *hash, const char *password);

/*
 * Spends the time of one verification on a fixed hash, so that an
 * unknown email costs a login as much as a wrong password.
 */
void		 auth_password_burn(const char *password);

/* A new refresh token: "rt_" and 256 random bits in base64url. */
enum app_err	 auth_refresh_new(char out[AUTH_REFRESH_MAX]);

/*
 * The SHA-256 of a token as a bytea literal for a text parameter.  Any
 * string hashes: an unknown token simply matches no row.
 */
void		 auth_token_hash(const char *token, char out[AUTH_TOKHASH_MAX]);

#endif
