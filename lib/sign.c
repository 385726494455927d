/* sign.c: expiring signed links. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sign.h"
#include "util.h"

void
sign_make(const struct auth_key *k, const char *purpose, const char *id,
    time_t expires, char out[SIGN_MAX])
{
	uint8_t	 key[32], mac[32];
	char	*msg;

	/* A key of its own, so these MACs never double as JWT signatures. */
	util_hmac_sha256(key, k->secret, k->len, "rise signed link", 16);
	if (asprintf(&msg, "%s\n%s\n%lld", purpose, id, (long long)expires) < 0) {
		/* Out of memory: a signature that matches nothing. */
		memset(out, 0, SIGN_MAX);
		return;
	}
	util_hmac_sha256(mac, key, sizeof(key), msg, strlen(msg));
	util_b64url_encode(out, mac, sizeof(mac));
	free(msg);
	explicit_bzero(key, sizeof(key));
}

enum sign_verdict
sign_check(const struct auth_key *k, const char *purpose, const char *id,
    const char *expires, const char *sig, time_t now)
{
	char		 want[SIGN_MAX], *end;
	long long	 exp;

	if (expires == NULL || sig == NULL || *expires < '0' || *expires > '9' ||
	    strlen(expires) > 12 || strlen(sig) != 43)
		return SIGN_BAD;
	exp = strtoll(expires, &end, 10);
	if (*end != '\0')
		return SIGN_BAD;
	sign_make(k, purpose, id, (time_t)exp, want);
	if (!util_ct_equal(want, sig, 43))
		return SIGN_BAD;
	return exp < (long long)now ? SIGN_EXPIRED : SIGN_OK;
}
