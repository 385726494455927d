/* auth.c: Argon2id passwords, HS256 JWTs and refresh tokens. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <argon2.h>
#include <json-c/json.h>
#include <jwt.h>

#include "auth.h"

/* OWASP Password Storage Cheat Sheet: Argon2id, m=19 MiB, t=2, p=1. */
#define ARGON_T		2
#define ARGON_M		19456
#define ARGON_P		1
#define ARGON_SALT	16
#define ARGON_LEN	32

enum app_err
auth_key_load(struct auth_key *k, const struct cfg *c, char *err, size_t errsz)
{
	int	fd;
	ssize_t	n;

	memset(k, 0, sizeof(*k));
	k->issuer = c->jwt_issuer;
	k->audience = c->jwt_audience;
	k->access_ttl = c->jwt_access_ttl;
	if ((fd = open(c->jwt_secret_file, O_RDONLY | O_CLOEXEC)) < 0) {
		snprintf(err, errsz, "jwt.secret_file: %s: %s", c->jwt_secret_file,
		    strerror(errno));
		return APP_ERR_CONFIG;
	}
	n = read(fd, k->secret, sizeof(k->secret));
	close(fd);
	if (n < AUTH_SECRET_MIN) {
		snprintf(err, errsz, "jwt.secret_file: %s holds fewer than %d bytes; "
		    "create one with: head -c 64 /dev/urandom > %s",
		    c->jwt_secret_file, AUTH_SECRET_MIN, c->jwt_secret_file);
		memset(k->secret, 0, sizeof(k->secret));
		return APP_ERR_CONFIG;
	}
	k->len = (size_t)n;
	return APP_OK;
}

char *
auth_jwt_issue(const struct auth_key *k, struct auth_claims *c)
{
	jwt_t		*jwt = NULL;
	uint8_t		 rnd[16];
	char		 jti[33], *tok = NULL;

	if (util_random(rnd, sizeof(rnd)) != APP_OK)
		return NULL;
	util_hex(jti, rnd, sizeof(rnd));
	c->iat = time(NULL);
	c->exp = c->iat + k->access_ttl;
	if (jwt_new(&jwt) != 0)
		return NULL;
	if (jwt_add_grant(jwt, "typ", "access") == 0 &&
	    jwt_add_grant(jwt, "iss", k->issuer) == 0 &&
	    jwt_add_grant(jwt, "aud", k->audience) == 0 &&
	    jwt_add_grant(jwt, "sub", c->sub) == 0 &&
	    jwt_add_grant(jwt, "sid", c->sid) == 0 &&
	    jwt_add_grant(jwt, "org", c->org) == 0 &&
	    jwt_add_grant(jwt, "role", c->role) == 0 &&
	    jwt_add_grant(jwt, "jti", jti) == 0 &&
	    jwt_add_grant_int(jwt, "iat", (long)c->iat) == 0 &&
	    jwt_add_grant_int(jwt, "exp", (long)c->exp) == 0 &&
	    jwt_set_alg(jwt, JWT_ALG_HS256, k->secret, (int)k->len) == 0)
		tok = jwt_encode_str(jwt);
	jwt_free(jwt);
	return tok;
}

/* True if the token's header is exactly an HS256 JWT header. */
static bool
header_is_hs256(const char *token)
{
	const char	*dot = strchr(token, '.');
	char		 enc[256], dec[192];
	long		 n;
	json_object	*h, *alg;
	bool		 ok = false;

	if (dot == NULL || (size_t)(dot - token) >= sizeof(enc))
		return false;
	memcpy(enc, token, (size_t)(dot - token));
	enc[dot - token] = '\0';
	if ((n = util_b64url_decode(dec, sizeof(dec) - 1, enc)) < 0)
		return false;
	dec[n] = '\0';
	if ((h = json_tokener_parse(dec)) == NULL)
		return false;
	ok = json_object_is_type(h, json_type_object) &&
	    json_object_object_get_ex(h, "alg", &alg) &&
	    json_object_is_type(alg, json_type_string) &&
	    strcmp(json_object_get_string(alg), "HS256") == 0;
	json_object_put(h);
	return ok;
}

/*
 * libjwt 1.10's getters cannot tell a missing or mistyped claim from 0,
 * so the claims are read from their JSON with their types checked.
 */
static bool
copy_grant(json_object *g, const char *name, char *out, size_t outsz)
{
	json_object	*v;
	const char	*s;

	if (!json_object_object_get_ex(g, name, &v) ||
	    !json_object_is_type(v, json_type_string))
		return false;
	s = json_object_get_string(v);
	if (*s == '\0' || strlen(s) >= outsz)
		return false;
	memcpy(out, s, strlen(s) + 1);
	return true;
}

/* An integer claim: 1 if present and an integer, 0 if absent, -1 if mistyped. */
static int
int_grant(json_object *g, const char *name, time_t *out)
{
	json_object	*v;

	if (!json_object_object_get_ex(g, name, &v))
		return 0;
	if (!json_object_is_type(v, json_type_int))
		return -1;
	*out = (time_t)json_object_get_int64(v);
	return 1;
}

/* A string claim equal to want. */
static bool
grant_is(json_object *g, const char *name, const char *want)
{
	json_object	*v;

	return json_object_object_get_ex(g, name, &v) &&
	    json_object_is_type(v, json_type_string) &&
	    strcmp(json_object_get_string(v), want) == 0;
}

/*
 * Tokens verified lately, by the SHA-256 of the key, the expected issuer
 * and audience and the whole token: a client presents one access token
 * for its lifetime, and decoding it (libjwt parses it with jansson, prints
 * the claims, and we parse them again with json-c) was a quarter of the
 * instructions of a list request.  Only valid tokens are kept, with the
 * time they were checked at; expiry is checked again at every use, and a
 * clock that went back means checking afresh.  Direct-mapped on the
 * hash: a new token takes the place of the one there.
 */
#define AUTH_CACHE	64

static struct auth_seen {
	uint8_t			 hash[32];
	time_t			 at;
	struct auth_claims	 c;
} seen[AUTH_CACHE];

/* The cache key of token under k into h: false if too long to hash here. */
static bool
seen_hash(const struct auth_key *k, const char *token, uint8_t h[32])
{
	char	buf[8192];
	size_t	ni = strlen(k->issuer), na = strlen(k->audience), nt = strlen(token);

	if (k->len + ni + na + nt + 2 > sizeof(buf))
		return false;
	memcpy(buf, k->secret, k->len);
	memcpy(buf + k->len, k->issuer, ni + 1);
	memcpy(buf + k->len + ni + 1, k->audience, na + 1);
	memcpy(buf + k->len + ni + na + 2, token, nt);
	util_sha256(h, buf, k->len + ni + na + 2 + nt);
	explicit_bzero(buf, k->len);
	return true;
}

enum auth_verdict
auth_jwt_verify(const struct auth_key *k, const char *token, time_t now,
    struct auth_claims *c)
{
	jwt_t			*jwt = NULL;
	json_object		*g = NULL;
	char			*js = NULL;
	time_t			 nbf;
	int			 has_nbf;
	uint8_t			 h[32];
	bool			 hashed;
	struct auth_seen	*e;
	enum auth_verdict	 v = AUTH_INVALID;

	memset(c, 0, sizeof(*c));
	if (k->len < AUTH_SECRET_MIN || token == NULL || strlen(token) > 4096)
		return AUTH_INVALID;
	if ((hashed = seen_hash(k, token, h))) {
		e = &seen[h[0] % AUTH_CACHE];
		if (e->at != 0 && now >= e->at && util_ct_equal(e->hash, h, sizeof(h))) {
			if (now >= e->c.exp)
				return AUTH_EXPIRED;
			*c = e->c;
			return AUTH_VALID;
		}
	}
	if (!header_is_hs256(token))
		return AUTH_INVALID;
	if (jwt_decode(&jwt, token, k->secret, (int)k->len) != 0 || jwt == NULL)
		return AUTH_INVALID;
	if (jwt_get_alg(jwt) != JWT_ALG_HS256)
		goto out;
	if ((js = jwt_get_grants_json(jwt, NULL)) == NULL ||
	    (g = json_tokener_parse(js)) == NULL ||
	    !json_object_is_type(g, json_type_object))
		goto out;
	if (!grant_is(g, "typ", "access") || !grant_is(g, "iss", k->issuer) ||
	    !grant_is(g, "aud", k->audience))
		goto out;
	if (!copy_grant(g, "sub", c->sub, sizeof(c->sub)) ||
	    !copy_grant(g, "sid", c->sid, sizeof(c->sid)) ||
	    !copy_grant(g, "org", c->org, sizeof(c->org)) ||
	    !copy_grant(g, "role", c->role, sizeof(c->role)) ||
	    int_grant(g, "iat", &c->iat) != 1 || int_grant(g, "exp", &c->exp) != 1)
		goto out;
	if ((has_nbf = int_grant(g, "nbf", &nbf)) < 0 ||
	    (has_nbf == 1 && nbf > now + 30))
		goto out;
	if (c->iat > now + 30)		/* issued in the future: not ours */
		goto out;
	v = now >= c->exp ? AUTH_EXPIRED : AUTH_VALID;
	if (v == AUTH_VALID && hashed) {
		e = &seen[h[0] % AUTH_CACHE];
		memcpy(e->hash, h, sizeof(h));
		e->at = now;
		e->c = *c;
	}
out:
	json_object_put(g);
	free(js);
	jwt_free(jwt);
	if (v != AUTH_VALID)
		memset(c, 0, sizeof(*c));
	return v;
}

enum app_err
auth_password_hash(const char *password, char out[AUTH_HASH_MAX])
{
	uint8_t	salt[ARGON_SALT];

	if (util_random(salt, sizeof(salt)) != APP_OK)
		return APP_ERR_CRYPTO;
	if (argon2id_hash_encoded(ARGON_T, ARGON_M, ARGON_P, password,
	    strlen(password), salt, sizeof(salt), ARGON_LEN, out,
	    AUTH_HASH_MAX) != ARGON2_OK)
		return APP_ERR_CRYPTO;
	return APP_OK;
}

bool
auth_password_verify(const char *hash, const char *password)
{
	return argon2id_verify(hash, password, strlen(password)) == ARGON2_OK;
}

void
auth_password_burn(const char *password)
{
	/* The hash of a random password nobody knows, at the same cost. */
	static const char dummy[] = "$argon2id$v=19$m=19456,t=2,p=1$"
	    "c29tZXNhbHRzb21lc2FsdA$"
	    "Vx0cVw5b1TxqGSkDLKzTY0K1n1LzkS3iG1UVL5eY0vQ";

	(void)argon2id_verify(dummy, password, strlen(password));
}

enum app_err
auth_refresh_new(char out[AUTH_REFRESH_MAX])
{
	uint8_t	rnd[32];

	if (util_random(rnd, sizeof(rnd)) != APP_OK)
		return APP_ERR_CRYPTO;
	memcpy(out, "rt_", 3);
	util_b64url_encode(out + 3, rnd, sizeof(rnd));
	return APP_OK;
}

void
auth_token_hash(const char *token, char out[AUTH_TOKHASH_MAX])
{
	uint8_t	h[32];

	util_sha256(h, token, strlen(token));
	out[0] = '\\';
	out[1] = 'x';
	util_hex(out + 2, h, sizeof(h));
}
