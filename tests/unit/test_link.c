/*
 * test_link.c: CUnit suite for the pure part of lib/link: the secret of
 * an assessment link and its stored hash.
 *
 * The expected secrets were computed independently (Python hmac):
 * key = HMAC-SHA-256(server secret, "rise assessment link"),
 * secret = base64url(HMAC-SHA-256(key, id ":" hex(salt))).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "link.h"

void	suite_link(void);

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

#define SECRET	"0123456789abcdef0123456789abcdef"

static const uint8_t	salt_seq[LINK_SALT_LEN] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
};
static const uint8_t	salt_zero[LINK_SALT_LEN];

static void
key_init(struct auth_key *k, const char *s)
{
	memset(k, 0, sizeof(*k));
	k->len = strlen(s);
	memcpy(k->secret, s, k->len);
	k->issuer = "iss";
	k->audience = "aud";
	k->access_ttl = 900;
}

static void
test_secret(void)
{
	static const struct {
		int		 line;
		const char	*id;
		const uint8_t	*salt;
		const char	*want;
	} t[] = {
		{ __LINE__, "asm_0123456789abcdefghij", salt_seq,
		    "ifczN67Hl6Xm_oP7k7mflJ6GhIlXPzlGzECZJ0ORErs" },
		{ __LINE__, "asm_0123456789abcdefghij", salt_zero,
		    "ffqXZtPvRUTTZqIwXy2bLHrrPx7WuvtujZb7y5dHZBg" },
		{ __LINE__, "asm_zzzzzzzzzzzzzzzzzzzz", salt_seq,
		    "Wgj1QoIVqoM65d9FFM6eJ6VFXVA1qDene5Hb5kC8ueo" },
	};
	struct auth_key	 k, other;
	char		 out[LINK_SECRET_MAX], again[LINK_SECRET_MAX];
	size_t		 i;

	key_init(&k, SECRET);
	key_init(&other, SECRET "-but-another-one");
	for (i = 0; i < NELEM(t); i++) {
		memset(out, 'X', sizeof(out));
		link_secret(&k, t[i].id, t[i].salt, out);
		check_at(t[i].line, strcmp(out, t[i].want) == 0,
		    "link_secret(%s) = %s, want %s", t[i].id, out, t[i].want);
		check_at(t[i].line, strlen(out) == 43, "length %zu", strlen(out));
		link_secret(&k, t[i].id, t[i].salt, again);
		check_at(t[i].line, strcmp(out, again) == 0, "not deterministic");
		link_secret(&other, t[i].id, t[i].salt, again);
		check_at(t[i].line, strcmp(out, again) != 0,
		    "another server secret gave the same link secret");
	}
}

static void
test_hash_hex(void)
{
	static const struct {
		int		 line;
		const char	*in;
		const char	*want;
	} t[] = {
		{ __LINE__, "abc",
		    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ __LINE__, "",
		    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	};
	char	out[65];
	size_t	i;

	for (i = 0; i < NELEM(t); i++) {
		memset(out, 'X', sizeof(out));
		link_hash_hex(t[i].in, out);
		check_at(t[i].line, strcmp(out, t[i].want) == 0,
		    "link_hash_hex(\"%s\") = %s", t[i].in, out);
	}
}

void
suite_link(void)
{
	static const struct {
		const char	*name;
		CU_TestFunc	 fn;
	} tests[] = {
		{ "link_secret", test_secret },
		{ "link_hash_hex", test_hash_hex },
	};
	CU_pSuite	s;
	size_t		i;

	if ((s = CU_add_suite("link", NULL, NULL)) == NULL)
		return;
	for (i = 0; i < NELEM(tests); i++)
		if (CU_add_test(s, tests[i].name, tests[i].fn) == NULL)
			return;
}
