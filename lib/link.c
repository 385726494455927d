/* link.c: assessment link secrets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "link.h"
#include "serve.h"

void
link_secret(const struct auth_key *k, const char *id,
    const uint8_t salt[LINK_SALT_LEN], char out[LINK_SECRET_MAX])
{
	uint8_t	key[32], mac[32];
	char	msg[UTIL_ID_MAX + 2 * LINK_SALT_LEN + 2];
	size_t	n;

	/* A key of its own, so link secrets never double as JWT signatures. */
	util_hmac_sha256(key, k->secret, k->len, "rise assessment link", 20);
	n = (size_t)snprintf(msg, sizeof(msg) - 2 * LINK_SALT_LEN, "%s:", id);
	if (n >= sizeof(msg) - 2 * LINK_SALT_LEN)	/* not one of our ids */
		n = sizeof(msg) - 2 * LINK_SALT_LEN - 1;
	util_hex(msg + n, salt, LINK_SALT_LEN);
	util_hmac_sha256(mac, key, sizeof(key), msg, strlen(msg));
	util_b64url_encode(out, mac, sizeof(mac));
	explicit_bzero(key, sizeof(key));
}

void
link_hash_hex(const char *secret, char out[65])
{
	uint8_t	h[32];

	util_sha256(h, secret, strlen(secret));
	util_hex(out, h, sizeof(h));
}

static bool
salt_parse(const char *hex, uint8_t salt[LINK_SALT_LEN])
{
	unsigned	v;

	if (strlen(hex) != 2 * LINK_SALT_LEN)
		return false;
	for (size_t i = 0; i < LINK_SALT_LEN; i++) {
		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			return false;
		salt[i] = (uint8_t)v;
	}
	return true;
}

char *
link_url(const struct req *r, const char *id, const char *salt_hex)
{
	return link_make(&r->app->key, r->app->cfg.public_base_url, id, salt_hex);
}

char *
link_make(const struct auth_key *k, const char *base_url, const char *id,
    const char *salt_hex)
{
	uint8_t	 salt[LINK_SALT_LEN];
	char	 secret[LINK_SECRET_MAX], *url;

	if (!salt_parse(salt_hex, salt))
		return NULL;
	link_secret(k, id, salt, secret);
	if (asprintf(&url, "%s/assess/%s_%s", base_url, id, secret) < 0)
		url = NULL;
	explicit_bzero(secret, sizeof(secret));
	return url;
}

enum link_verdict
link_check(struct req *r, const char *token, const char *id,
    char out_id[UTIL_ID_MAX])
{
	const size_t	 idlen = 4 + UTIL_ID_RANDLEN;	/* "asm_" and 20 */
	char		 tid[UTIL_ID_MAX], hex[65];
	PGresult	*res;
	enum link_verdict v = LINK_INVALID;

	if (token == NULL || strlen(token) <= idlen + 1 ||
	    strlen(token) >= LINK_TOKEN_MAX || token[idlen] != '_')
		return LINK_INVALID;
	memcpy(tid, token, idlen);
	tid[idlen] = '\0';
	if (!util_id_valid(tid, "asm_") || (id != NULL && strcmp(tid, id) != 0))
		return LINK_INVALID;
	if ((res = DB_Q(r->app->db, STMT_LINK_LOOKUP, tid)) == NULL)
		return LINK_INVALID;
	link_hash_hex(token + idlen + 1, hex);
	if (PQntuples(res) == 1 && strlen(db_get(res, 0, 1)) == 64 &&
	    util_ct_equal(hex, db_get(res, 0, 1), 64)) {
		v = db_getbool(res, 0, 2) && strcmp(db_get(res, 0, 3), "completed") != 0 ?
		    LINK_EXPIRED : LINK_OK;
		if (v == LINK_OK && db_tenant(r->app->db, db_get(res, 0, 0), "",
		    "client") != APP_OK)
			v = LINK_INVALID;
		snprintf(out_id, UTIL_ID_MAX, "%s", tid);
	}
	PQclear(res);
	return v;
}
