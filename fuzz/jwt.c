/*
 * jwt.c: fuzzes auth_jwt_verify with a fixed key.  If the first byte is
 * '!', the rest is a header and a payload (JSON, split at the first
 * newline) that the harness signs with the key, so that the claim checks
 * after the signature are reached; otherwise the input is the token.
 */
#include <stdbool.h>

#include "auth.h"
#include "fuzz.h"
#include "util.h"

#define NOW	1750000000	/* 2025-06-15 */

static const struct auth_key key = {
	.secret = "fuzz-secret-0123456789abcdef-0123456789abcdef",
	.len = 45,
	.issuer = "rise",
	.audience = "rise-api",
	.access_ttl = 900,
};

/* Signs header.payload with the key into a new token. */
static char *
sign(const char *h, size_t hl, const char *p, size_t pl)
{
	size_t	 n = 4 * (hl + pl) / 3 + 64, o;
	char	*t;
	uint8_t	 mac[32];

	if ((t = malloc(n)) == NULL)
		abort();
	o = util_b64url_encode(t, h, hl);
	t[o++] = '.';
	o += util_b64url_encode(t + o, p, pl);
	util_hmac_sha256(mac, key.secret, key.len, t, o);
	t[o++] = '.';
	o += util_b64url_encode(t + o, mac, sizeof(mac));
	t[o] = '\0';
	return t;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct auth_claims	 c;
	enum auth_verdict	 v;
	const char		*nl, *s = (const char *)data;
	char			*tok;

	if (size > 0 && data[0] == '!') {
		if ((nl = memchr(s + 1, '\n', size - 1)) == NULL)
			return 0;
		tok = sign(s + 1, (size_t)(nl - s - 1), nl + 1,
		    size - (size_t)(nl - s) - 1);
	} else
		tok = fuzz_str(data, size);
	v = auth_jwt_verify(&key, tok, NOW, &c);
	if (v == AUTH_VALID) {
		FUZZ_ASSERT(c.sub[0] != '\0' && c.sid[0] != '\0' &&
		    c.org[0] != '\0' && c.role[0] != '\0');
		FUZZ_ASSERT(c.exp > NOW && c.iat <= NOW + 30);
	} else
		FUZZ_ASSERT(c.sub[0] == '\0' && c.role[0] == '\0');
	free(tok);
	return 0;
}
