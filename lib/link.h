/*
 * link.h: an assessment's unique link, /assess/<assessmentId>_<secret>.
 *
 * The secret is HMAC-SHA-256(link key, id ":" salt) in base64url, where
 * the salt is 128 random bits stored with the assessment and the link key
 * is derived from the server's secret.  Only the salt and the secret's
 * SHA-256 are stored, so the link can be shown again to its consultant
 * but a copy of the database alone opens nothing.
 */
#ifndef RISE_LINK_H
#define RISE_LINK_H

#include <stdbool.h>
#include <stdint.h>

#include "auth.h"
#include "request.h"

#define LINK_SALT_LEN		16
#define LINK_SECRET_MAX		48	/* 43 base64url characters and NUL */
#define LINK_TOKEN_MAX		(UTIL_ID_MAX + LINK_SECRET_MAX)

/* The secret for assessment id with the given salt. */
void		 link_secret(const struct auth_key *, const char *id,
		    const uint8_t salt[LINK_SALT_LEN], char out[LINK_SECRET_MAX]);

/* SHA-256 of the secret, as lower-case hex (65 bytes). */
void		 link_hash_hex(const char *secret, char out[65]);

/*
 * The full link, "<public_base_url>/assess/<id>_<secret>", from the hex
 * salt stored with the assessment.  Returns a string the caller frees,
 * or NULL.
 */
char		*link_url(const struct req *, const char *id, const char *salt_hex);

/* As link_url, outside a request: the key and public_base_url given. */
char		*link_make(const struct auth_key *, const char *base_url,
		    const char *id, const char *salt_hex);

enum link_verdict {
	LINK_OK,
	LINK_INVALID,		/* malformed, unknown, or wrong secret */
	LINK_EXPIRED,		/* past expiresAt and not completed */
};

/*
 * Checks an X-Assessment-Token ("<id>_<secret>", the link's last path
 * segment) for assessment id (NULL: any).  On LINK_OK the transaction's
 * tenant is set to the assessment's organization with role "client" and
 * out_id holds the assessment id.  The secret is compared in constant time.
 */
enum link_verdict link_check(struct req *, const char *token, const char *id,
		    char out_id[UTIL_ID_MAX]);

#endif
