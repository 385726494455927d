/*
 * test_auth.c: CUnit suite for lib/auth (HS256 access tokens, Argon2id
 * passwords, refresh tokens and their hashes).
 *
 * Tokens that auth_jwt_issue would never write are crafted here by hand
 * and signed with OpenSSL's HMAC, so that auth_jwt_verify is tried
 * against every header and claim it must refuse.  A failure names the
 * table row's line.
 */
#include <sys/stat.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <CUnit/Basic.h>
#include <json-c/json.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "auth.h"

void	suite_auth(void);

static void	check_at(int, bool, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

/* Records one assertion at a table row's line; CUnit copies the message. */
static void
check_at(int line, bool ok, const char *fmt, ...)
{
	char	 buf[512];
	va_list	 ap;

	if (ok) {
		CU_assertImplementation(CU_TRUE, (unsigned int)line, "ok",
		    __FILE__, "", CU_FALSE);
		return;
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	CU_assertImplementation(CU_FALSE, (unsigned int)line, buf,
	    __FILE__, "", CU_FALSE);
}

#define ISS	"rise-test"
#define AUD	"rise-test-api"
#define TTL	900

static const char	secret[] = "0123456789abcdef0123456789abcdef-test-secret";

static void
key_init(struct auth_key *k, const char *s)
{
	memset(k, 0, sizeof(*k));
	k->len = strlen(s);
	memcpy(k->secret, s, k->len);
	k->issuer = ISS;
	k->audience = AUD;
	k->access_ttl = TTL;
}

static const char *
verdict_name(enum auth_verdict v)
{
	switch (v) {
	case AUTH_VALID:
		return "VALID";
	case AUTH_INVALID:
		return "INVALID";
	case AUTH_EXPIRED:
		return "EXPIRED";
	}
	return "?";
}

static bool
claims_zero(const struct auth_claims *c)
{
	static const struct auth_claims	zero;

	return memcmp(c, &zero, sizeof(zero)) == 0;
}

/*
 * Writes "b64(header).b64(payload).b64(HMAC(md, key))" into out; md NULL
 * leaves the signature empty (alg none).
 */
static void
craft(char *out, size_t outsz, const char *header, const char *payload,
    const EVP_MD *md, const void *key, size_t keylen)
{
	unsigned char	 mac[EVP_MAX_MD_SIZE];
	unsigned int	 maclen = 0;
	size_t		 o;

	CU_ASSERT_FATAL(4 * (strlen(header) + strlen(payload) + 64) / 3 + 8 < outsz);
	o = util_b64url_encode(out, header, strlen(header));
	out[o++] = '.';
	o += util_b64url_encode(out + o, payload, strlen(payload));
	if (md != NULL)
		HMAC(md, key, (int)keylen, (unsigned char *)out, o, mac, &maclen);
	out[o++] = '.';
	o += util_b64url_encode(out + o, mac, maclen);
	out[o] = '\0';
}

/* Which claims a crafted payload carries; NULL strings are left out. */
struct spec {
	const char	*typ, *iss, *aud, *sub, *sid, *org, *role;
	long long	 iat, exp, nbf;		/* relative to now; NOCLAIM: absent */
	bool		 aud_array;
	const char	*strclaim;	/* "exp", "iat" or "nbf" as a string */
};

#define NOCLAIM	(-999999999LL)

static const char *
num(char *buf, size_t sz, long long v)
{
	snprintf(buf, sz, "%lld", v);
	return buf;
}

static void
payload(char *out, size_t outsz, const struct spec *s, time_t now)
{
	json_object	*o = json_object_new_object(), *a;
	char		 n[32];

#define ADDS(k) if (s->k != NULL) \
		json_object_object_add(o, #k, json_object_new_string(s->k))
#define ADDI(k) if (s->k != NOCLAIM) \
		json_object_object_add(o, #k, s->strclaim != NULL && \
		    strcmp(s->strclaim, #k) == 0 ? \
		    json_object_new_string(num(n, sizeof(n), now + s->k)) : \
		    json_object_new_int64(now + s->k))
	ADDS(typ);
	ADDS(iss);
	if (s->aud_array) {
		a = json_object_new_array();
		json_object_array_add(a, json_object_new_string(s->aud));
		json_object_object_add(o, "aud", a);
	} else
		ADDS(aud);
	ADDS(sub);
	ADDS(sid);
	ADDS(org);
	ADDS(role);
	json_object_object_add(o, "jti", json_object_new_string("0123abcd"));
	ADDI(iat);
	ADDI(exp);
	ADDI(nbf);
#undef ADDS
#undef ADDI
	snprintf(out, outsz, "%s", json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
}

#define GOOD	"access", ISS, AUD, "usr_1", "ses_1", "org_1", "admin"
#define HS256H	"{\"alg\":\"HS256\",\"typ\":\"JWT\"}"

static void
test_verify_crafted(void)
{
	static const char	 other[] = "another-secret-of-at-least-32-bytes!!";
	static const struct {
		int		 line;
		const char	*header;
		const char	*md;		/* "" for none */
		const char	*key;
		struct spec	 s;
		enum auth_verdict want;
	} t[] = {
		/* The crafting itself is right: a good token passes. */
		{ __LINE__, HS256H, "sha256", secret,
		    { GOOD, 0, TTL, NOCLAIM, false, NULL }, AUTH_VALID },
		{ __LINE__, "{\"alg\":\"HS256\"}", "sha256", secret,
		    { GOOD, 0, TTL, NOCLAIM, false, NULL }, AUTH_VALID },
		{ __LINE__, "{\"typ\":\"JWT\",\"alg\":\"HS256\"}", "sha256", secret,
		    { GOOD, -60, 60, -60, false, NULL }, AUTH_VALID },
		/* Within 30 seconds of skew, nbf and iat may lie ahead. */
		{ __LINE__, HS256H, "sha256", secret,
		    { GOOD, 20, TTL, 20, false, NULL }, AUTH_VALID },
		/* Headers other than HS256. */
		{ __LINE__, "{\"alg\":\"none\"}", "", secret,
		    { GOOD, 0, TTL, NOCLAIM, false, NULL }, AUTH_INVALID },
		{ __LINE__, "{\"alg\":\"none\",\"typ\":\"JWT\"}", "", secret,
		    { GOOD, 0, TTL, NOCLAIM, false, NULL }, AUTH_INVALID },
		{ __LINE__, "{\"alg\":\"none\"}", "sha256", secret,
		    { GOOD, 0, TTL, NOCLAIM, false, NULL }, AUTH_INVALID },
		{ __LINE__, "{\"alg\":\"HS384\",\"typ\":\"JWT\"}", "sha384", secret,
		    { GOOD, 0, TTL, NOCLAIM, false, NULL }, AUTH_INVALID },
		{ __LINE__, "{\"alg\":\"HS512\",\"typ\":\"JWT\"}", "sha512", secret,
		    { GOOD, 0, TTL, NOCLAIM, false, NULL }, AUTH_INVALID },
		{ __LINE__, "{\"alg\":\"HS384\"}", "sha256", secret,
		    { GOOD, 0, TTL, NOCLAIM, false, NULL }, AUTH_INVALID },
		{ __LINE__, "{\"alg\":\"RS256\"}", "sha256", secret,
		    { GOOD, 0, TTL, NOCLAIM, false, NULL }, AUTH_INVALID },
		{ __LINE__, "{\"alg\":\"hs256\"}", "sha256", secret,
		    { GOOD, 0, TTL, NOCLAIM, false, NULL }, AUTH_INVALID },
		{ __LINE__, "{\"alg\":\"HS256 \"}", "sha256", secret,
		    { GOOD, 0, TTL, NOCLAIM, false, NULL }, AUTH_INVALID },
		{ __LINE__, "{\"alg\":[\"HS256\"]}", "sha256", secret,
		    { GOOD, 0, TTL, NOCLAIM, false, NULL }, AUTH_INVALID },
		{ __LINE__, "{\"typ\":\"JWT\"}", "sha256", secret,
		    { GOOD, 0, TTL, NOCLAIM, false, NULL }, AUTH_INVALID },
		{ __LINE__, "{}", "sha256", secret,
		    { GOOD, 0, TTL, NOCLAIM, false, NULL }, AUTH_INVALID },
		{ __LINE__, "[\"HS256\"]", "sha256", secret,
		    { GOOD, 0, TTL, NOCLAIM, false, NULL }, AUTH_INVALID },
		{ __LINE__, "HS256", "sha256", secret,
		    { GOOD, 0, TTL, NOCLAIM, false, NULL }, AUTH_INVALID },
		{ __LINE__, "", "sha256", secret,
		    { GOOD, 0, TTL, NOCLAIM, false, NULL }, AUTH_INVALID },
		/* The wrong key. */
		{ __LINE__, HS256H, "sha256", other,
		    { GOOD, 0, TTL, NOCLAIM, false, NULL }, AUTH_INVALID },
		/* Claims. */
		{ __LINE__, HS256H, "sha256", secret,
		    { "access", "someone-else", AUD, "usr_1", "ses_1", "org_1", "admin",
		    0, TTL, NOCLAIM, false, NULL }, AUTH_INVALID },
		{ __LINE__, HS256H, "sha256", secret,
		    { "access", NULL, AUD, "usr_1", "ses_1", "org_1", "admin",
		    0, TTL, NOCLAIM, false, NULL }, AUTH_INVALID },
		{ __LINE__, HS256H, "sha256", secret,
		    { "access", ISS, "another-api", "usr_1", "ses_1", "org_1", "admin",
		    0, TTL, NOCLAIM, false, NULL }, AUTH_INVALID },
		{ __LINE__, HS256H, "sha256", secret,
		    { "access", ISS, NULL, "usr_1", "ses_1", "org_1", "admin",
		    0, TTL, NOCLAIM, false, NULL }, AUTH_INVALID },
		{ __LINE__, HS256H, "sha256", secret,
		    { "access", ISS, AUD, "usr_1", "ses_1", "org_1", "admin",
		    0, TTL, NOCLAIM, true, NULL }, AUTH_INVALID },
		{ __LINE__, HS256H, "sha256", secret,
		    { "refresh", ISS, AUD, "usr_1", "ses_1", "org_1", "admin",
		    0, TTL, NOCLAIM, false, NULL }, AUTH_INVALID },
		{ __LINE__, HS256H, "sha256", secret,
		    { NULL, ISS, AUD, "usr_1", "ses_1", "org_1", "admin",
		    0, TTL, NOCLAIM, false, NULL }, AUTH_INVALID },
		{ __LINE__, HS256H, "sha256", secret,
		    { "access", ISS, AUD, NULL, "ses_1", "org_1", "admin",
		    0, TTL, NOCLAIM, false, NULL }, AUTH_INVALID },
		{ __LINE__, HS256H, "sha256", secret,
		    { "access", ISS, AUD, "", "ses_1", "org_1", "admin",
		    0, TTL, NOCLAIM, false, NULL }, AUTH_INVALID },
		{ __LINE__, HS256H, "sha256", secret,
		    { "access", ISS, AUD, "usr_0123456789012345678901234567",
		    "ses_1", "org_1", "admin", 0, TTL, NOCLAIM, false, NULL },
		    AUTH_INVALID },
		{ __LINE__, HS256H, "sha256", secret,
		    { "access", ISS, AUD, "usr_1", NULL, "org_1", "admin",
		    0, TTL, NOCLAIM, false, NULL }, AUTH_INVALID },
		{ __LINE__, HS256H, "sha256", secret,
		    { "access", ISS, AUD, "usr_1", "ses_1", NULL, "admin",
		    0, TTL, NOCLAIM, false, NULL }, AUTH_INVALID },
		{ __LINE__, HS256H, "sha256", secret,
		    { "access", ISS, AUD, "usr_1", "ses_1", "org_1", NULL,
		    0, TTL, NOCLAIM, false, NULL }, AUTH_INVALID },
		{ __LINE__, HS256H, "sha256", secret,
		    { "access", ISS, AUD, "usr_1", "ses_1", "org_1",
		    "administrator-x", 0, TTL, NOCLAIM, false, NULL }, AUTH_VALID },
		{ __LINE__, HS256H, "sha256", secret,
		    { "access", ISS, AUD, "usr_1", "ses_1", "org_1",
		    "administrator-xx", 0, TTL, NOCLAIM, false, NULL }, AUTH_INVALID },
		{ __LINE__, HS256H, "sha256", secret,
		    { GOOD, NOCLAIM, TTL, NOCLAIM, false, NULL }, AUTH_INVALID },
		{ __LINE__, HS256H, "sha256", secret,
		    { GOOD, 0, NOCLAIM, NOCLAIM, false, NULL }, AUTH_INVALID },
		/* Times that are not integers are not times. */
		{ __LINE__, HS256H, "sha256", secret,
		    { GOOD, 0, TTL, NOCLAIM, false, "exp" }, AUTH_INVALID },
		{ __LINE__, HS256H, "sha256", secret,
		    { GOOD, 0, TTL, NOCLAIM, false, "iat" }, AUTH_INVALID },
		{ __LINE__, HS256H, "sha256", secret,
		    { GOOD, 0, TTL, 3600, false, "nbf" }, AUTH_INVALID },
		/* Time. */
		{ __LINE__, HS256H, "sha256", secret,
		    { GOOD, -TTL - 1, -1, NOCLAIM, false, NULL }, AUTH_EXPIRED },
		{ __LINE__, HS256H, "sha256", secret,
		    { GOOD, -TTL, 0, NOCLAIM, false, NULL }, AUTH_EXPIRED },
		{ __LINE__, HS256H, "sha256", secret,
		    { GOOD, -TTL + 1, 1, NOCLAIM, false, NULL }, AUTH_VALID },
		{ __LINE__, HS256H, "sha256", secret,
		    { GOOD, 0, TTL, 3600, false, NULL }, AUTH_INVALID },
		{ __LINE__, HS256H, "sha256", secret,
		    { GOOD, 0, TTL, 31, false, NULL }, AUTH_INVALID },
		{ __LINE__, HS256H, "sha256", secret,
		    { GOOD, 3600, 3600 + TTL, NOCLAIM, false, NULL }, AUTH_INVALID },
		{ __LINE__, HS256H, "sha256", secret,
		    { GOOD, 31, 31 + TTL, NOCLAIM, false, NULL }, AUTH_INVALID },
		/* A bad token is refused, not reported expired. */
		{ __LINE__, HS256H, "sha256", other,
		    { GOOD, -TTL - 1, -1, NOCLAIM, false, NULL }, AUTH_INVALID },
		{ __LINE__, "{\"alg\":\"none\"}", "", secret,
		    { GOOD, -TTL - 1, -1, NOCLAIM, false, NULL }, AUTH_INVALID },
	};
	struct auth_key		 k;
	struct auth_claims	 c;
	enum auth_verdict	 v;
	char			 pl[1024], tok[2048];
	const EVP_MD		*md;
	const time_t		 now = 1766397600;
	size_t			 i;

	key_init(&k, secret);
	for (i = 0; i < NELEM(t); i++) {
		payload(pl, sizeof(pl), &t[i].s, now);
		md = *t[i].md == '\0' ? NULL : EVP_get_digestbyname(t[i].md);
		craft(tok, sizeof(tok), t[i].header, pl, md, t[i].key,
		    strlen(t[i].key));
		memset(&c, 'X', sizeof(c));
		v = auth_jwt_verify(&k, tok, now, &c);
		check_at(t[i].line, v == t[i].want, "verify(%s . %s) = %s, want %s",
		    t[i].header, pl, verdict_name(v), verdict_name(t[i].want));
		if (v == AUTH_VALID && t[i].want == AUTH_VALID) {
			check_at(t[i].line, strcmp(c.sub, t[i].s.sub) == 0 &&
			    strcmp(c.sid, t[i].s.sid) == 0 &&
			    strcmp(c.org, t[i].s.org) == 0 &&
			    strcmp(c.role, t[i].s.role) == 0,
			    "claims %s %s %s %s", c.sub, c.sid, c.org, c.role);
			check_at(t[i].line, c.iat == now + t[i].s.iat &&
			    c.exp == now + t[i].s.exp, "iat %lld exp %lld",
			    (long long)c.iat, (long long)c.exp);
		} else if (v != AUTH_VALID)
			check_at(t[i].line, claims_zero(&c),
			    "claims not cleared after %s", verdict_name(v));
	}
}

/* Issue, then verify: the claims come back and time is honoured. */
static void
test_roundtrip(void)
{
	struct auth_key		 k;
	struct auth_claims	 c, out;
	char			*tok, *dot, hdr[128];
	long			 n;
	time_t			 before, after;

	key_init(&k, secret);
	memset(&c, 0, sizeof(c));
	snprintf(c.sub, sizeof(c.sub), "usr_k3x9a0b1c2d3e4f5g6h7");
	snprintf(c.sid, sizeof(c.sid), "ses_000000000000000000aa");
	snprintf(c.org, sizeof(c.org), "org_000000000000000000bb");
	snprintf(c.role, sizeof(c.role), "consultant");
	before = time(NULL);
	tok = auth_jwt_issue(&k, &c);
	after = time(NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(tok);
	CU_ASSERT(c.iat >= before && c.iat <= after);
	CU_ASSERT_EQUAL(c.exp - c.iat, TTL);
	CU_ASSERT_EQUAL(strspn(tok, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-_."), strlen(tok));

	/* The header names HS256. */
	dot = strchr(tok, '.');
	CU_ASSERT_PTR_NOT_NULL_FATAL(dot);
	*dot = '\0';
	n = util_b64url_decode(hdr, sizeof(hdr) - 1, tok);
	*dot = '.';
	CU_ASSERT_FATAL(n > 0);
	hdr[n] = '\0';
	CU_ASSERT_PTR_NOT_NULL(strstr(hdr, "\"alg\":\"HS256\""));

	CU_ASSERT_EQUAL(auth_jwt_verify(&k, tok, c.iat, &out), AUTH_VALID);
	CU_ASSERT_STRING_EQUAL(out.sub, c.sub);
	CU_ASSERT_STRING_EQUAL(out.sid, c.sid);
	CU_ASSERT_STRING_EQUAL(out.org, c.org);
	CU_ASSERT_STRING_EQUAL(out.role, c.role);
	CU_ASSERT_EQUAL(out.iat, c.iat);
	CU_ASSERT_EQUAL(out.exp, c.exp);
	CU_ASSERT_EQUAL(auth_jwt_verify(&k, tok, time(NULL), &out), AUTH_VALID);
	CU_ASSERT_EQUAL(auth_jwt_verify(&k, tok, c.exp - 1, &out), AUTH_VALID);
	/* Expired at exp, and later. */
	CU_ASSERT_EQUAL(auth_jwt_verify(&k, tok, c.exp, &out), AUTH_EXPIRED);
	CU_ASSERT(claims_zero(&out));
	CU_ASSERT_EQUAL(auth_jwt_verify(&k, tok, c.exp + 86400, &out), AUTH_EXPIRED);
	/* Issued in the future as seen from now: not ours. */
	CU_ASSERT_EQUAL(auth_jwt_verify(&k, tok, c.iat - 3600, &out), AUTH_INVALID);
	CU_ASSERT_EQUAL(auth_jwt_verify(&k, tok, c.iat - 31, &out), AUTH_INVALID);
	CU_ASSERT_EQUAL(auth_jwt_verify(&k, tok, c.iat - 30, &out), AUTH_VALID);

	/* Another issuer or audience expected. */
	k.issuer = "other";
	CU_ASSERT_EQUAL(auth_jwt_verify(&k, tok, c.iat, &out), AUTH_INVALID);
	k.issuer = ISS;
	k.audience = "other";
	CU_ASSERT_EQUAL(auth_jwt_verify(&k, tok, c.iat, &out), AUTH_INVALID);
	k.audience = AUD;

	/* A key too short to trust is refused even when it signed. */
	k.len = AUTH_SECRET_MIN - 1;
	CU_ASSERT_EQUAL(auth_jwt_verify(&k, tok, c.iat, &out), AUTH_INVALID);
	k.len = strlen(secret);
	free(tok);

	/* Two tokens for the same claims differ (jti). */
	{
		char	*a = auth_jwt_issue(&k, &c), *b = auth_jwt_issue(&k, &c);

		CU_ASSERT(a != NULL && b != NULL && strcmp(a, b) != 0);
		free(a);
		free(b);
	}
}

/*
 * A verified token is remembered (lib/auth.c): the verdict must still be
 * the one a full check gives, whatever was verified before.
 */
static void
test_verify_seen(void)
{
	struct auth_key		 k, other;
	struct auth_claims	 c, out;
	char			*tok, *many[100];
	size_t			 i;

	key_init(&k, secret);
	key_init(&other, "another-secret-of-the-same-length-as-the-test");
	memset(&c, 0, sizeof(c));
	snprintf(c.sub, sizeof(c.sub), "usr_seen");
	snprintf(c.sid, sizeof(c.sid), "ses_seen");
	snprintf(c.org, sizeof(c.org), "org_seen");
	snprintf(c.role, sizeof(c.role), "admin");
	tok = auth_jwt_issue(&k, &c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(tok);
	CU_ASSERT_EQUAL(auth_jwt_verify(&k, tok, c.iat, &out), AUTH_VALID);
	/* Seen under k: still invalid under another key, issuer or audience. */
	CU_ASSERT_EQUAL(auth_jwt_verify(&other, tok, c.iat, &out), AUTH_INVALID);
	CU_ASSERT(claims_zero(&out));
	k.audience = "other";
	CU_ASSERT_EQUAL(auth_jwt_verify(&k, tok, c.iat, &out), AUTH_INVALID);
	k.audience = AUD;
	/* The claims come back whole, and expiry is checked every time. */
	CU_ASSERT_EQUAL(auth_jwt_verify(&k, tok, c.iat + 1, &out), AUTH_VALID);
	CU_ASSERT_STRING_EQUAL(out.sub, c.sub);
	CU_ASSERT_STRING_EQUAL(out.sid, c.sid);
	CU_ASSERT_STRING_EQUAL(out.org, c.org);
	CU_ASSERT_STRING_EQUAL(out.role, c.role);
	CU_ASSERT_EQUAL(out.exp, c.exp);
	CU_ASSERT_EQUAL(auth_jwt_verify(&k, tok, c.exp, &out), AUTH_EXPIRED);
	CU_ASSERT(claims_zero(&out));
	/* A clock that went back: checked afresh (30 s of skew allowed). */
	CU_ASSERT_EQUAL(auth_jwt_verify(&k, tok, c.iat - 20, &out), AUTH_VALID);
	CU_ASSERT_EQUAL(auth_jwt_verify(&k, tok, c.iat - 31, &out), AUTH_INVALID);
	/* One character changed right after the token was seen. */
	tok[strlen(tok) - 2] = tok[strlen(tok) - 2] == 'A' ? 'B' : 'A';
	CU_ASSERT_EQUAL(auth_jwt_verify(&k, tok, c.iat, &out), AUTH_INVALID);
	/* More tokens than places: each still verifies, with its own claims. */
	for (i = 0; i < NELEM(many); i++) {
		snprintf(c.sub, sizeof(c.sub), "usr_%zu", i);
		many[i] = auth_jwt_issue(&k, &c);
		CU_ASSERT_PTR_NOT_NULL_FATAL(many[i]);
		CU_ASSERT_EQUAL(auth_jwt_verify(&k, many[i], c.iat, &out), AUTH_VALID);
	}
	for (i = 0; i < NELEM(many); i++) {
		char	want[UTIL_ID_MAX];

		snprintf(want, sizeof(want), "usr_%zu", i);
		CU_ASSERT_EQUAL(auth_jwt_verify(&k, many[i], c.iat, &out), AUTH_VALID);
		CU_ASSERT_STRING_EQUAL(out.sub, want);
		free(many[i]);
	}
	free(tok);
}

/* Changing any part of a signed token makes it invalid. */
static void
test_tamper(void)
{
	struct auth_key		 k, wrong;
	struct auth_claims	 c, out;
	char			*tok, *p1, *p2, pl[1024], forged[4096], enc[2048];
	json_object		*o;
	long			 n;
	size_t			 len, i;

	key_init(&k, secret);
	memset(&c, 0, sizeof(c));
	snprintf(c.sub, sizeof(c.sub), "usr_1");
	snprintf(c.sid, sizeof(c.sid), "ses_1");
	snprintf(c.org, sizeof(c.org), "org_1");
	snprintf(c.role, sizeof(c.role), "consultant");
	tok = auth_jwt_issue(&k, &c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(tok);
	len = strlen(tok);
	p1 = strchr(tok, '.');
	CU_ASSERT_PTR_NOT_NULL_FATAL(p1);
	p2 = strchr(p1 + 1, '.');
	CU_ASSERT_PTR_NOT_NULL_FATAL(p2);
	CU_ASSERT_EQUAL(auth_jwt_verify(&k, tok, c.iat, &out), AUTH_VALID);

	/* The payload with role "admin", the signature kept. */
	*p2 = '\0';
	n = util_b64url_decode(pl, sizeof(pl) - 1, p1 + 1);
	*p2 = '.';
	CU_ASSERT_FATAL(n > 0);
	pl[n] = '\0';
	o = json_tokener_parse(pl);
	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	json_object_object_add(o, "role", json_object_new_string("admin"));
	snprintf(pl, sizeof(pl), "%s", json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	util_b64url_encode(enc, pl, strlen(pl));
	snprintf(forged, sizeof(forged), "%.*s.%s%s", (int)(p1 - tok), tok, enc, p2);
	CU_ASSERT_EQUAL(auth_jwt_verify(&k, forged, c.iat, &out), AUTH_INVALID);
	CU_ASSERT(claims_zero(&out));

	/* Every single character changed. */
	for (i = 0; i < len; i++) {
		if (tok[i] == '.')
			continue;
		snprintf(forged, sizeof(forged), "%s", tok);
		forged[i] = forged[i] == 'A' ? 'B' : 'A';
		if (auth_jwt_verify(&k, forged, c.iat, &out) != AUTH_INVALID) {
			check_at(__LINE__, false, "changing byte %zu of %s was accepted",
			    i, tok);
			break;
		}
	}

	/* Cut, extended, or not a token at all. */
	snprintf(forged, sizeof(forged), "%.*s", (int)(p2 - tok + 1), tok);
	CU_ASSERT_EQUAL(auth_jwt_verify(&k, forged, c.iat, &out), AUTH_INVALID);
	snprintf(forged, sizeof(forged), "%.*s", (int)(p2 - tok), tok);
	CU_ASSERT_EQUAL(auth_jwt_verify(&k, forged, c.iat, &out), AUTH_INVALID);
	snprintf(forged, sizeof(forged), "%s.x", tok);
	CU_ASSERT_EQUAL(auth_jwt_verify(&k, forged, c.iat, &out), AUTH_INVALID);
	snprintf(forged, sizeof(forged), "%sA", tok);
	CU_ASSERT_EQUAL(auth_jwt_verify(&k, forged, c.iat, &out), AUTH_INVALID);
	snprintf(forged, sizeof(forged), " %s", tok);
	CU_ASSERT_EQUAL(auth_jwt_verify(&k, forged, c.iat, &out), AUTH_INVALID);
	CU_ASSERT_EQUAL(auth_jwt_verify(&k, "", c.iat, &out), AUTH_INVALID);
	CU_ASSERT_EQUAL(auth_jwt_verify(&k, "..", c.iat, &out), AUTH_INVALID);
	CU_ASSERT_EQUAL(auth_jwt_verify(&k, "a.b.c", c.iat, &out), AUTH_INVALID);
	CU_ASSERT_EQUAL(auth_jwt_verify(&k, "Bearer x", c.iat, &out), AUTH_INVALID);
	CU_ASSERT_EQUAL(auth_jwt_verify(&k, NULL, c.iat, &out), AUTH_INVALID);

	/* Signed with another key. */
	key_init(&wrong, "a-completely-different-secret-0123456789");
	CU_ASSERT_EQUAL(auth_jwt_verify(&wrong, tok, c.iat, &out), AUTH_INVALID);
	free(tok);

	/* Longer than 4096 bytes. */
	{
		char	*big = malloc(5000);

		CU_ASSERT_PTR_NOT_NULL_FATAL(big);
		memset(big, 'A', 4999);
		big[4999] = '\0';
		big[100] = '.';
		big[200] = '.';
		CU_ASSERT_EQUAL(auth_jwt_verify(&k, big, c.iat, &out), AUTH_INVALID);
		free(big);
	}
}

static void
test_password(void)
{
	char	h1[AUTH_HASH_MAX], h2[AUTH_HASH_MAX];

	CU_ASSERT_EQUAL_FATAL(auth_password_hash("Correct-Horse-9", h1), APP_OK);
	CU_ASSERT_EQUAL_FATAL(auth_password_hash("Correct-Horse-9", h2), APP_OK);
	CU_ASSERT(strncmp(h1, "$argon2id$v=19$m=19456,t=2,p=1$", 31) == 0);
	CU_ASSERT(strlen(h1) < AUTH_HASH_MAX);
	/* A new salt each time. */
	CU_ASSERT(strcmp(h1, h2) != 0);
	CU_ASSERT_TRUE(auth_password_verify(h1, "Correct-Horse-9"));
	CU_ASSERT_TRUE(auth_password_verify(h2, "Correct-Horse-9"));
	CU_ASSERT_FALSE(auth_password_verify(h1, "correct-Horse-9"));
	CU_ASSERT_FALSE(auth_password_verify(h1, "Correct-Horse-9 "));
	CU_ASSERT_FALSE(auth_password_verify(h1, ""));
	CU_ASSERT_FALSE(auth_password_verify("not a hash", "Correct-Horse-9"));
	CU_ASSERT_FALSE(auth_password_verify("", "Correct-Horse-9"));
	auth_password_burn("anything");
}

static bool
b64url_chars(const char *s)
{
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-_") == strlen(s);
}

static void
test_refresh(void)
{
	char	a[AUTH_REFRESH_MAX], b[AUTH_REFRESH_MAX];
	uint8_t	raw[64];

	memset(a, 'X', sizeof(a));
	CU_ASSERT_EQUAL_FATAL(auth_refresh_new(a), APP_OK);
	CU_ASSERT_EQUAL_FATAL(auth_refresh_new(b), APP_OK);
	CU_ASSERT_EQUAL(strlen(a), 3 + 43);
	CU_ASSERT(strncmp(a, "rt_", 3) == 0);
	CU_ASSERT_TRUE(b64url_chars(a + 3));
	CU_ASSERT_EQUAL(util_b64url_decode(raw, sizeof(raw), a + 3), 32);
	CU_ASSERT(strcmp(a, b) != 0);
}

static void
test_token_hash(void)
{
	static const struct {
		int		 line;
		const char	*tok;
		const char	*hash;
	} t[] = {
		{ __LINE__, "abc", "\\xba7816bf8f01cfea414140de5dae2223"
		    "b00361a396177a9cb410ff61f20015ad" },
		{ __LINE__, "", "\\xe3b0c44298fc1c149afbf4c8996fb924"
		    "27ae41e4649b934ca495991b7852b855" },
	};
	char	out[AUTH_TOKHASH_MAX], rt[AUTH_REFRESH_MAX];
	size_t	i;

	for (i = 0; i < NELEM(t); i++) {
		memset(out, 'X', sizeof(out));
		auth_token_hash(t[i].tok, out);
		check_at(t[i].line, strcmp(out, t[i].hash) == 0,
		    "auth_token_hash(\"%s\") = %s", t[i].tok, out);
	}
	CU_ASSERT_EQUAL_FATAL(auth_refresh_new(rt), APP_OK);
	auth_token_hash(rt, out);
	CU_ASSERT_EQUAL(strlen(out), 66);
	CU_ASSERT(out[0] == '\\' && out[1] == 'x');
	CU_ASSERT_EQUAL(strspn(out + 2, "0123456789abcdef"), 64);
}

/* Writes len bytes to a new file under /tmp; returns its name in path. */
static bool
tmpfile_with(char path[64], const void *data, size_t len)
{
	int	fd;

	snprintf(path, 64, "/tmp/rise-auth-XXXXXX");
	if ((fd = mkstemp(path)) < 0)
		return false;
	if (write(fd, data, len) != (ssize_t)len) {
		close(fd);
		unlink(path);
		return false;
	}
	close(fd);
	return true;
}

static void
test_key_load(void)
{
	struct cfg	 c;
	struct auth_key	 k;
	char		 path[64], err[512];
	uint8_t		 bytes[64];

	memset(&c, 0, sizeof(c));
	c.jwt_issuer = (char *)ISS;
	c.jwt_audience = (char *)AUD;
	c.jwt_access_ttl = 600;
	for (size_t i = 0; i < sizeof(bytes); i++)
		bytes[i] = (uint8_t)(i * 7);

	CU_ASSERT_FATAL(tmpfile_with(path, bytes, sizeof(bytes)));
	c.jwt_secret_file = path;
	CU_ASSERT_EQUAL(auth_key_load(&k, &c, err, sizeof(err)), APP_OK);
	CU_ASSERT_EQUAL(k.len, 64);
	CU_ASSERT_EQUAL(memcmp(k.secret, bytes, 64), 0);
	CU_ASSERT_STRING_EQUAL(k.issuer, ISS);
	CU_ASSERT_STRING_EQUAL(k.audience, AUD);
	CU_ASSERT_EQUAL(k.access_ttl, 600);
	unlink(path);

	/* 31 bytes are too few. */
	CU_ASSERT_FATAL(tmpfile_with(path, bytes, AUTH_SECRET_MIN - 1));
	err[0] = '\0';
	CU_ASSERT_EQUAL(auth_key_load(&k, &c, err, sizeof(err)), APP_ERR_CONFIG);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "jwt.secret_file"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, path));
	CU_ASSERT_EQUAL(k.len, 0);
	unlink(path);

	CU_ASSERT_FATAL(tmpfile_with(path, bytes, AUTH_SECRET_MIN));
	CU_ASSERT_EQUAL(auth_key_load(&k, &c, err, sizeof(err)), APP_OK);
	CU_ASSERT_EQUAL(k.len, AUTH_SECRET_MIN);
	unlink(path);

	/* A missing file names itself. */
	err[0] = '\0';
	CU_ASSERT_EQUAL(auth_key_load(&k, &c, err, sizeof(err)), APP_ERR_CONFIG);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "jwt.secret_file"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, path));
}

void
suite_auth(void)
{
	static const struct {
		const char	*name;
		CU_TestFunc	 fn;
	} tests[] = {
		{ "auth_jwt_verify crafted tokens", test_verify_crafted },
		{ "auth_jwt_issue and verify", test_roundtrip },
		{ "auth_jwt_verify tampered tokens", test_tamper },
		{ "auth_jwt_verify of a token seen before", test_verify_seen },
		{ "auth_password_hash and verify", test_password },
		{ "auth_refresh_new", test_refresh },
		{ "auth_token_hash", test_token_hash },
		{ "auth_key_load", test_key_load },
	};
	CU_pSuite	s;
	size_t		i;

	if ((s = CU_add_suite("auth", NULL, NULL)) == NULL)
		return;
	for (i = 0; i < NELEM(tests); i++)
		if (CU_add_test(s, tests[i].name, tests[i].fn) == NULL)
			return;
}
