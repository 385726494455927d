/*
 * test_util.c: CUnit suite for lib/util (ids, base64url, hex, hashes,
 * constant-time compare, ISO 8601 time).
 *
 * Tables of input -> expected output; a failure names the row's line.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "util.h"

void	suite_util(void);

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

static bool
id_charset_ok(const char *s)
{
	for (; *s != '\0'; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z')))
			return false;
	return true;
}

static void
test_id(void)
{
	static const struct {
		int		 line;
		const char	*prefix;
		enum app_err	 rc;
	} t[] = {
		{ __LINE__, "usr_", APP_OK },
		{ __LINE__, "asm_", APP_OK },
		{ __LINE__, "", APP_OK },
		{ __LINE__, "orgn_xx", APP_OK },
		/* prefix + 20 + NUL must fit UTIL_ID_MAX (32): at most 11 bytes. */
		{ __LINE__, "abcdefghij_", APP_OK },
		{ __LINE__, "abcdefghijk_", APP_ERR_INVALID },
		{ __LINE__, "prefix_much_too_long_", APP_ERR_INVALID },
	};
	char		 a[UTIL_ID_MAX], b[UTIL_ID_MAX];
	size_t		 i, plen;
	enum app_err	 rc;

	for (i = 0; i < NELEM(t); i++) {
		plen = strlen(t[i].prefix);
		memset(a, 'X', sizeof(a));
		rc = util_id(a, t[i].prefix);
		check_at(t[i].line, rc == t[i].rc, "util_id(\"%s\") = %d, want %d",
		    t[i].prefix, rc, t[i].rc);
		if (rc != APP_OK || t[i].rc != APP_OK)
			continue;
		check_at(t[i].line, strncmp(a, t[i].prefix, plen) == 0,
		    "util_id(\"%s\") = \"%s\": wrong prefix", t[i].prefix, a);
		check_at(t[i].line, strlen(a) == plen + UTIL_ID_RANDLEN,
		    "util_id(\"%s\") = \"%s\": length %zu, want %zu", t[i].prefix,
		    a, strlen(a), plen + UTIL_ID_RANDLEN);
		check_at(t[i].line, id_charset_ok(a + plen),
		    "util_id(\"%s\") = \"%s\": not [0-9a-z]", t[i].prefix, a);
		check_at(t[i].line, util_id_valid(a, t[i].prefix),
		    "util_id_valid(util_id(\"%s\")) is false for \"%s\"",
		    t[i].prefix, a);
		CU_ASSERT_EQUAL_FATAL(util_id(b, t[i].prefix), APP_OK);
		check_at(t[i].line, strcmp(a, b) != 0,
		    "two calls of util_id(\"%s\") gave \"%s\" twice", t[i].prefix, a);
	}
}

/* Over many ids every character of [0-9a-z] shows up, and nothing else. */
static void
test_id_spread(void)
{
	char	 id[UTIL_ID_MAX];
	bool	 seen[36] = { false };
	size_t	 i, k, nseen = 0;

	for (i = 0; i < 200; i++) {
		CU_ASSERT_EQUAL_FATAL(util_id(id, "x_"), APP_OK);
		for (k = 2; id[k] != '\0'; k++) {
			CU_ASSERT_FATAL(id_charset_ok(id + k));
			seen[id[k] <= '9' ? id[k] - '0' : id[k] - 'a' + 10] = true;
		}
	}
	for (i = 0; i < 36; i++)
		nseen += seen[i];
	CU_ASSERT_EQUAL(nseen, 36);
}

static void
test_id_valid(void)
{
	static const struct {
		int		 line;
		const char	*s;
		const char	*prefix;
		bool		 ok;
	} t[] = {
		{ __LINE__, "usr_k3x9a0b1c2d3e4f5g6h7", "usr_", true },
		{ __LINE__, "usr_a", "usr_", true },
		{ __LINE__, "q_001", "q_", true },
		{ __LINE__, "opt_001_a", "opt_", true },
		/* The longest id that fits UTIL_ID_MAX (31 characters), and one more. */
		{ __LINE__, "usr_012345678901234567890123456", "usr_", true },
		{ __LINE__, "usr_0123456789012345678901234567", "usr_", false },
		{ __LINE__, "usr_0123456789012345678901234567890123456789", "usr_", false },
		{ __LINE__, "org_k3x9a0b1c2d3e4f5g6h7", "usr_", false },
		{ __LINE__, "usrk3x9a0b1c2d3e4f5g6h7", "usr_", false },
		{ __LINE__, "USR_k3x9a0b1c2d3e4f5g6h7", "usr_", false },
		{ __LINE__, "usr_K3X9A0B1C2D3E4F5G6H7", "usr_", false },
		{ __LINE__, "usr_k3x9A", "usr_", false },
		{ __LINE__, "usr_", "usr_", false },
		{ __LINE__, "", "usr_", false },
		{ __LINE__, "", "", false },
		{ __LINE__, "usr_../etc", "usr_", false },
		{ __LINE__, "../", "", false },
		{ __LINE__, "usr_..", "usr_", false },
		{ __LINE__, "usr_a/b", "usr_", false },
		{ __LINE__, "usr_a b", "usr_", false },
		{ __LINE__, "usr_a-b", "usr_", false },
		{ __LINE__, "usr_a%00", "usr_", false },
		{ __LINE__, "usr_\xc3\xa9", "usr_", false },
		{ __LINE__, "usr_a\n", "usr_", false },
		{ __LINE__, NULL, "usr_", false },
	};
	size_t	i;
	bool	ok;

	for (i = 0; i < NELEM(t); i++) {
		ok = util_id_valid(t[i].s, t[i].prefix);
		check_at(t[i].line, ok == t[i].ok, "util_id_valid(\"%s\", \"%s\") = %d",
		    t[i].s ? t[i].s : "(null)", t[i].prefix, ok);
	}
}

static void
test_b64url(void)
{
	static const struct {
		int		 line;
		const char	*in;
		size_t		 len;
		const char	*out;
	} t[] = {
		/* RFC 4648 section 10, without padding. */
		{ __LINE__, "", 0, "" },
		{ __LINE__, "f", 1, "Zg" },
		{ __LINE__, "fo", 2, "Zm8" },
		{ __LINE__, "foo", 3, "Zm9v" },
		{ __LINE__, "foob", 4, "Zm9vYg" },
		{ __LINE__, "fooba", 5, "Zm9vYmE" },
		{ __LINE__, "foobar", 6, "Zm9vYmFy" },
		/* The URL alphabet: '+' and '/' become '-' and '_'. */
		{ __LINE__, "\xfb\xff\xbf", 3, "-_-_" },
		{ __LINE__, "\xfb\xff", 2, "-_8" },
		{ __LINE__, "\xff", 1, "_w" },
		{ __LINE__, "\x00", 1, "AA" },
		{ __LINE__, "\x00\x00\x00", 3, "AAAA" },
		{ __LINE__, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", 27,
		    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9" },
	};
	char		 enc[64];
	unsigned char	 dec[64];
	size_t		 i, n;
	long		 m;

	for (i = 0; i < NELEM(t); i++) {
		memset(enc, 'X', sizeof(enc));
		n = util_b64url_encode(enc, t[i].in, t[i].len);
		check_at(t[i].line, n == strlen(t[i].out) && strcmp(enc, t[i].out) == 0,
		    "encode: \"%s\" (%zu), want \"%s\"", enc, n, t[i].out);
		check_at(t[i].line, n + 1 <= 4 * ((t[i].len + 2) / 3) + 1,
		    "encode: %zu bytes exceed the documented bound", n + 1);
		m = util_b64url_decode(dec, sizeof(dec), t[i].out);
		check_at(t[i].line, m == (long)t[i].len &&
		    memcmp(dec, t[i].in, t[i].len) == 0,
		    "decode(\"%s\") = %ld bytes, want %zu", t[i].out, m, t[i].len);
		/* An output buffer of exactly the decoded length suffices. */
		m = util_b64url_decode(dec, t[i].len, t[i].out);
		check_at(t[i].line, m == (long)t[i].len,
		    "decode(\"%s\") into %zu bytes = %ld", t[i].out, t[i].len, m);
		if (t[i].len > 0) {
			m = util_b64url_decode(dec, t[i].len - 1, t[i].out);
			check_at(t[i].line, m == -1,
			    "decode(\"%s\") into %zu bytes = %ld, want -1",
			    t[i].out, t[i].len - 1, m);
		}
	}
}

/* Every length from 0 to 100 of every byte value survives a round trip. */
static void
test_b64url_roundtrip(void)
{
	unsigned char	 in[100], dec[100];
	char		 enc[4 * 34 + 1];
	size_t		 len, i, n;
	long		 m;

	for (i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)(i * 37 + 201);
	for (len = 0; len <= sizeof(in); len++) {
		n = util_b64url_encode(enc, in, len);
		CU_ASSERT_EQUAL(n, (len * 4 + 2) / 3);
		CU_ASSERT_EQUAL(strlen(enc), n);
		CU_ASSERT_EQUAL(strcspn(enc, "+/="), n);
		m = util_b64url_decode(dec, sizeof(dec), enc);
		CU_ASSERT_EQUAL(m, (long)len);
		if (m == (long)len)
			CU_ASSERT_EQUAL(memcmp(in, dec, len), 0);
	}
}

static void
test_b64url_bad(void)
{
	static const struct {
		int		 line;
		const char	*in;
	} t[] = {
		{ __LINE__, "Z" },		/* a lone trailing character */
		{ __LINE__, "Zm9vY" },		/* 4n + 1 characters */
		{ __LINE__, "Zm9vYmFyZ" },
		{ __LINE__, "Zg==" },		/* padding is not ours */
		{ __LINE__, "Zg=" },
		{ __LINE__, "=" },
		{ __LINE__, "Zm+v" },		/* standard alphabet */
		{ __LINE__, "Zm/v" },
		{ __LINE__, "Zm9 v" },
		{ __LINE__, " Zm9v" },
		{ __LINE__, "Zm9v\n" },
		{ __LINE__, "Zm9v." },
		{ __LINE__, "Zm9\xc3\xa9" },
		{ __LINE__, "Zm9v%" },
	};
	unsigned char	 dec[64];
	size_t		 i;
	long		 m;

	for (i = 0; i < NELEM(t); i++) {
		m = util_b64url_decode(dec, sizeof(dec), t[i].in);
		check_at(t[i].line, m == -1, "decode(\"%s\") = %ld, want -1",
		    t[i].in, m);
	}
}

static void
test_hex(void)
{
	static const struct {
		int		 line;
		const char	*in;
		size_t		 len;
		const char	*out;
	} t[] = {
		{ __LINE__, "", 0, "" },
		{ __LINE__, "\x00", 1, "00" },
		{ __LINE__, "\x00\x01\xab\xff", 4, "0001abff" },
		{ __LINE__, "\x10\x9f\xa0\x0f", 4, "109fa00f" },
		{ __LINE__, "abc", 3, "616263" },
	};
	char	out[16];
	size_t	i;

	for (i = 0; i < NELEM(t); i++) {
		memset(out, 'X', sizeof(out));
		util_hex(out, t[i].in, t[i].len);
		check_at(t[i].line, strcmp(out, t[i].out) == 0,
		    "util_hex = \"%s\", want \"%s\"", out, t[i].out);
	}
}

static void
test_sha256(void)
{
	static const struct {
		int		 line;
		const char	*in;
		const char	*hex;
	} t[] = {
		/* FIPS 180-2 appendix B. */
		{ __LINE__, "abc",
		    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ __LINE__, "",
		    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ __LINE__, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	};
	uint8_t	h[32];
	char	hex[65];
	size_t	i;

	for (i = 0; i < NELEM(t); i++) {
		util_sha256(h, t[i].in, strlen(t[i].in));
		util_hex(hex, h, sizeof(h));
		check_at(t[i].line, strcmp(hex, t[i].hex) == 0,
		    "sha256(\"%s\") = %s", t[i].in, hex);
	}
}

static void
test_hmac(void)
{
	static const struct {
		int		 line;
		const char	*key;
		size_t		 keylen;
		const char	*in;
		const char	*hex;
	} t[] = {
		/* RFC 4231 test case 1. */
		{ __LINE__,
		    "\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b"
		    "\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b", 20, "Hi There",
		    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
		/* RFC 4231 test case 2: a key shorter than the output. */
		{ __LINE__, "Jefe", 4, "what do ya want for nothing?",
		    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
	};
	uint8_t	mac[32];
	char	hex[65];
	size_t	i;

	for (i = 0; i < NELEM(t); i++) {
		util_hmac_sha256(mac, t[i].key, t[i].keylen, t[i].in,
		    strlen(t[i].in));
		util_hex(hex, mac, sizeof(mac));
		check_at(t[i].line, strcmp(hex, t[i].hex) == 0,
		    "hmac(\"%s\") = %s", t[i].in, hex);
	}
}

static void
test_ct_equal(void)
{
	static const struct {
		int		 line;
		const char	*a, *b;
		size_t		 len;
		bool		 eq;
	} t[] = {
		{ __LINE__, "abcdef", "abcdef", 6, true },
		{ __LINE__, "abcdef", "abcdeF", 6, false },
		{ __LINE__, "abcdef", "Abcdef", 6, false },
		{ __LINE__, "abcdef", "abcxef", 6, false },
		{ __LINE__, "abcdef", "abcxyz", 3, true },	/* only len bytes */
		{ __LINE__, "a\0b", "a\0c", 3, false },		/* not a string compare */
		{ __LINE__, "a\0b", "a\0b", 3, true },
		{ __LINE__, "x", "y", 0, true },
	};
	size_t	i;
	bool	eq;

	for (i = 0; i < NELEM(t); i++) {
		eq = util_ct_equal(t[i].a, t[i].b, t[i].len);
		check_at(t[i].line, eq == t[i].eq, "util_ct_equal = %d, want %d",
		    eq, t[i].eq);
	}
}

static void
test_time_iso(void)
{
	static const struct {
		int		 line;
		time_t		 t;
		const char	*iso;
	} t[] = {
		{ __LINE__, 0, "1970-01-01T00:00:00Z" },
		{ __LINE__, 951782400, "2000-02-29T00:00:00Z" },
		{ __LINE__, 1766397600, "2025-12-22T10:00:00Z" },
		{ __LINE__, 1767225599, "2025-12-31T23:59:59Z" },
		{ __LINE__, 2147483648, "2038-01-19T03:14:08Z" },
		{ __LINE__, 4107542400, "2100-03-01T00:00:00Z" },
	};
	char	out[UTIL_TIME_MAX];
	time_t	back;
	size_t	i;

	for (i = 0; i < NELEM(t); i++) {
		util_time_iso(out, t[i].t);
		check_at(t[i].line, strcmp(out, t[i].iso) == 0,
		    "util_time_iso(%lld) = \"%s\", want \"%s\"",
		    (long long)t[i].t, out, t[i].iso);
		check_at(t[i].line, util_time_parse(out, &back) && back == t[i].t,
		    "util_time_parse(util_time_iso(%lld)) = %lld",
		    (long long)t[i].t, (long long)back);
	}
}

static void
test_time_parse(void)
{
	static const struct {
		int		 line;
		const char	*s;
		bool		 ok;
		time_t		 t;
	} t[] = {
		/* Dates. */
		{ __LINE__, "2025-12-01", true, 1764547200 },
		{ __LINE__, "1970-01-01", true, 0 },
		{ __LINE__, "2024-02-29", true, 1709164800 },	/* leap year */
		{ __LINE__, "2000-02-29", true, 951782400 },	/* divisible by 400 */
		{ __LINE__, "2025-12-31", true, 1767139200 },
		/* Date-times in UTC. */
		{ __LINE__, "2025-12-01T10:00:00Z", true, 1764583200 },
		{ __LINE__, "2025-12-22T10:00:00Z", true, 1766397600 },
		{ __LINE__, "2025-12-31T23:59:59Z", true, 1767225599 },
		{ __LINE__, "2025-12-01T00:00:00Z", true, 1764547200 },
		/* Fractions of a second are dropped. */
		{ __LINE__, "2025-12-01T10:00:00.123Z", true, 1764583200 },
		{ __LINE__, "2025-12-01T10:00:00.999999Z", true, 1764583200 },
		{ __LINE__, "2025-12-01T10:00:00.5+02:00", true, 1764576000 },
		/* Offsets. */
		{ __LINE__, "2025-12-01T10:00:00+02:00", true, 1764576000 },
		{ __LINE__, "2025-12-01T10:00:00-05:30", true, 1764603000 },
		{ __LINE__, "2025-12-01T10:00:00+00:00", true, 1764583200 },
		{ __LINE__, "2025-12-01T10:00:00-00:00", true, 1764583200 },
		{ __LINE__, "2025-12-01T00:30:00+01:00", true, 1764547200 - 1800 },
		/* Not real dates. */
		{ __LINE__, "2025-02-30", false, 0 },
		{ __LINE__, "2023-02-29", false, 0 },
		{ __LINE__, "1900-02-29", false, 0 },		/* divisible by 100 */
		{ __LINE__, "2024-13-01", false, 0 },
		{ __LINE__, "2024-00-10", false, 0 },
		{ __LINE__, "2024-01-00", false, 0 },
		{ __LINE__, "2024-01-32", false, 0 },
		{ __LINE__, "2024-04-31", false, 0 },
		{ __LINE__, "2024-06-31", false, 0 },
		{ __LINE__, "2024-09-31", false, 0 },
		{ __LINE__, "2024-11-31", false, 0 },
		{ __LINE__, "2025-12-01T24:00:00Z", false, 0 },
		{ __LINE__, "2025-12-01T10:60:00Z", false, 0 },
		{ __LINE__, "2025-12-01T10:00:61Z", false, 0 },
		{ __LINE__, "2025-12-01T10:00:00+24:00", false, 0 },
		{ __LINE__, "2025-12-01T10:00:00+02:60", false, 0 },
		/* Not the format. */
		{ __LINE__, "", false, 0 },
		{ __LINE__, "garbage", false, 0 },
		{ __LINE__, "garbage!!!!", false, 0 },
		{ __LINE__, "2025-1-01", false, 0 },
		{ __LINE__, "2025-12-1", false, 0 },
		{ __LINE__, "25-12-01", false, 0 },
		{ __LINE__, "2025/12/01", false, 0 },
		{ __LINE__, "20251201", false, 0 },
		{ __LINE__, "2025-12-01 10:00:00Z", false, 0 },
		{ __LINE__, "2025-12-01t10:00:00z", false, 0 },
		{ __LINE__, "2025-12-01T10:00:00", false, 0 },	/* no zone */
		{ __LINE__, "2025-12-01T10:00Z", false, 0 },
		{ __LINE__, "2025-12-01T10Z", false, 0 },
		{ __LINE__, "2025-12-01T", false, 0 },
		{ __LINE__, "2025-12-01T10:00:00+0200", false, 0 },
		{ __LINE__, "2025-12-01T10:00:00+02", false, 0 },
		{ __LINE__, "2025-12-01T1a:00:00Z", false, 0 },
		{ __LINE__, "-025-12-01", false, 0 },
		{ __LINE__, "+2025-12-01", false, 0 },
		/* Trailing characters. */
		{ __LINE__, "2025-12-01x", false, 0 },
		{ __LINE__, "2025-12-01 ", false, 0 },
		{ __LINE__, "2025-12-01Z", false, 0 },
		{ __LINE__, "2025-12-01T10:00:00Zx", false, 0 },
		{ __LINE__, "2025-12-01T10:00:00ZZ", false, 0 },
		{ __LINE__, "2025-12-01T10:00:00Z ", false, 0 },
		{ __LINE__, "2025-12-01T10:00:00+02:00x", false, 0 },
		{ __LINE__, "2025-12-01T10:00:00.123", false, 0 },
		{ __LINE__, "2025-12-01T10:00:00.12aZ", false, 0 },
		/* A decimal point needs a digit after it (ISO 8601, RFC 3339). */
		{ __LINE__, "2025-12-01T10:00:00.Z", false, 0 },
	};
	time_t	got;
	size_t	i;
	bool	ok;

	for (i = 0; i < NELEM(t); i++) {
		got = -12345;
		ok = util_time_parse(t[i].s, &got);
		check_at(t[i].line, ok == t[i].ok, "util_time_parse(\"%s\") = %d",
		    t[i].s, ok);
		if (ok && t[i].ok)
			check_at(t[i].line, got == t[i].t,
			    "util_time_parse(\"%s\"): %lld, want %lld", t[i].s,
			    (long long)got, (long long)t[i].t);
	}
}

static void
test_random_now(void)
{
	uint8_t	a[32], b[32];
	int64_t	t0, t1;

	CU_ASSERT_EQUAL(util_random(a, sizeof(a)), APP_OK);
	CU_ASSERT_EQUAL(util_random(b, sizeof(b)), APP_OK);
	CU_ASSERT_NOT_EQUAL(memcmp(a, b, sizeof(a)), 0);
	CU_ASSERT_EQUAL(util_random(a, 0), APP_OK);
	t0 = util_now_us();
	t1 = util_now_us();
	CU_ASSERT(t0 > 0);
	CU_ASSERT(t1 >= t0);
}

void
suite_util(void)
{
	static const struct {
		const char	*name;
		CU_TestFunc	 fn;
	} tests[] = {
		{ "util_id", test_id },
		{ "util_id spread", test_id_spread },
		{ "util_id_valid", test_id_valid },
		{ "base64url vectors", test_b64url },
		{ "base64url round trips", test_b64url_roundtrip },
		{ "base64url bad input", test_b64url_bad },
		{ "util_hex", test_hex },
		{ "util_sha256", test_sha256 },
		{ "util_hmac_sha256", test_hmac },
		{ "util_ct_equal", test_ct_equal },
		{ "util_time_iso", test_time_iso },
		{ "util_time_parse", test_time_parse },
		{ "util_random and util_now_us", test_random_now },
	};
	CU_pSuite	s;
	size_t		i;

	if ((s = CU_add_suite("util", NULL, NULL)) == NULL)
		return;
	for (i = 0; i < NELEM(tests); i++)
		if (CU_add_test(s, tests[i].name, tests[i].fn) == NULL)
			return;
}
