/*
 * test_valid.c: CUnit suite for lib/valid (email, password policy, E.164
 * phone, UTF-8 text).
 *
 * Tables of input -> expected output with negative cases for every
 * validator (kcgi regress/test-valid-email.c); a failure names the row's
 * line.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "app.h"
#include "valid.h"

void	suite_valid(void);

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

static void
test_email(void)
{
	static const struct {
		int		 line;
		const char	*s;
		bool		 ok;
	} t[] = {
		/* Good. */
		{ __LINE__, "user@example.com", true },
		{ __LINE__, "a@b.co", true },
		{ __LINE__, "first.last@example.com", true },
		{ __LINE__, "user+tag@example.com", true },
		{ __LINE__, "user+tag+more@example.com", true },
		{ __LINE__, "user@mail.example.co.uk", true },
		{ __LINE__, "user@a.b.c.d.example.org", true },
		{ __LINE__, "user123@example123.com", true },
		{ __LINE__, "123@456.com", true },
		{ __LINE__, "user@ex-ample.com", true },
		{ __LINE__, "user@e--x.com", true },
		{ __LINE__, "User.Name@Example.COM", true },
		{ __LINE__, "o'brien@example.ie", true },
		{ __LINE__, "x_y-z@example.com", true },
		{ __LINE__, "!#$%&'*+/=?^_`{|}~-@example.com", true },
		{ __LINE__, "user@example.museum", true },
		/* No @, or two. */
		{ __LINE__, "", false },
		{ __LINE__, "user", false },
		{ __LINE__, "user.example.com", false },
		{ __LINE__, "user@@example.com", false },
		{ __LINE__, "us@er@example.com", false },
		{ __LINE__, "user@example.com@", false },
		{ __LINE__, "@example.com", false },
		{ __LINE__, "user@", false },
		{ __LINE__, "@", false },
		/* Dots in the local part. */
		{ __LINE__, ".user@example.com", false },
		{ __LINE__, "user.@example.com", false },
		{ __LINE__, "us..er@example.com", false },
		{ __LINE__, ".@example.com", false },
		/* The domain. */
		{ __LINE__, "user@localhost", false },		/* no TLD */
		{ __LINE__, "user@example", false },
		{ __LINE__, "user@example.c", false },		/* one-letter TLD */
		{ __LINE__, "user@example.123", false },	/* numeric TLD */
		{ __LINE__, "user@192.168.0.1", false },
		{ __LINE__, "user@example.c0m", false },
		{ __LINE__, "user@[192.168.0.1]", false },
		{ __LINE__, "user@-example.com", false },	/* hyphen at start */
		{ __LINE__, "user@example-.com", false },	/* hyphen at end */
		{ __LINE__, "user@mail.-ex.com", false },
		{ __LINE__, "user@example.com-", false },
		{ __LINE__, "user@example.-com", false },
		{ __LINE__, "user@.example.com", false },	/* empty labels */
		{ __LINE__, "user@example..com", false },
		{ __LINE__, "user@example.com.", false },
		{ __LINE__, "user@.", false },
		{ __LINE__, "user@ex_ample.com", false },
		{ __LINE__, "user@exa+mple.com", false },
		{ __LINE__, "user@ex\xc3\xa4mple.com", false },	/* not punycode */
		/* Spaces and other characters. */
		{ __LINE__, "us er@example.com", false },
		{ __LINE__, " user@example.com", false },
		{ __LINE__, "user@example.com ", false },
		{ __LINE__, "user@exa mple.com", false },
		{ __LINE__, "user\t@example.com", false },
		{ __LINE__, "user\n@example.com", false },
		{ __LINE__, "user@example.com\n", false },
		{ __LINE__, "\"user\"@example.com", false },
		{ __LINE__, "us(er)@example.com", false },
		{ __LINE__, "us,er@example.com", false },
		{ __LINE__, "us;er@example.com", false },
		{ __LINE__, "us<er>@example.com", false },
		{ __LINE__, "us\\er@example.com", false },
		{ __LINE__, "\xc3\xa9@example.com", false },
		{ __LINE__, "user%example.com", false },
	};
	size_t	i;
	bool	ok;

	for (i = 0; i < NELEM(t); i++) {
		ok = valid_email(t[i].s);
		check_at(t[i].line, ok == t[i].ok, "valid_email(\"%s\") = %d",
		    t[i].s, ok);
	}
	CU_ASSERT_FALSE(valid_email(NULL));
}

/* Lengths: the address (254), the local part (64) and labels (63). */
static void
test_email_lengths(void)
{
	char	s[400];

	/* 64 + 1 + 63 + 1 + 63 + 1 + 57 + 1 + 3 = 254. */
	memset(s, 'a', sizeof(s));
	s[64] = '@';
	s[128] = '.';
	s[192] = '.';
	s[250] = '.';
	memcpy(s + 251, "com", 4);
	CU_ASSERT_EQUAL(strlen(s), 254);
	CU_ASSERT_TRUE(valid_email(s));

	/* One more character in the third label: 255. */
	memset(s, 'a', sizeof(s));
	s[64] = '@';
	s[128] = '.';
	s[192] = '.';
	s[251] = '.';
	memcpy(s + 252, "com", 4);
	CU_ASSERT_EQUAL(strlen(s), 255);
	CU_ASSERT_FALSE(valid_email(s));

	/* A local part of 65 characters. */
	memset(s, 'a', sizeof(s));
	s[65] = '@';
	memcpy(s + 66, "example.com", 12);
	CU_ASSERT_FALSE(valid_email(s));
	s[64] = '@';
	memcpy(s + 65, "example.com", 12);
	CU_ASSERT_TRUE(valid_email(s));

	/* A label of 64 characters. */
	memset(s, 'a', sizeof(s));
	s[1] = '@';
	s[66] = '.';
	memcpy(s + 67, "com", 4);
	CU_ASSERT_FALSE(valid_email(s));
	s[65] = '.';
	memcpy(s + 66, "com", 4);
	CU_ASSERT_TRUE(valid_email(s));

	/* Far beyond: 1000 characters. */
	{
		char	big[1001];

		memset(big, 'a', sizeof(big));
		big[10] = '@';
		memcpy(big + sizeof(big) - 5, ".com", 5);
		CU_ASSERT_FALSE(valid_email(big));
	}
}

#define PW_LEN		"Password must be at least 8 characters"
#define PW_MAX		"Password must be at most 128 characters"
#define PW_UPPER	"Password must contain an uppercase letter"
#define PW_LOWER	"Password must contain a lowercase letter"
#define PW_DIGIT	"Password must contain a number"
#define PW_OTHER	"Password must contain a special character"

static void
test_password(void)
{
	static const struct {
		int		 line;
		const char	*s;
		const char	*msg;	/* NULL: acceptable */
	} t[] = {
		{ __LINE__, "Abcdef1!", NULL },
		{ __LINE__, "Correct-Horse-Battery-9", NULL },
		{ __LINE__, "Abcdef1 ", NULL },			/* a space is special */
		{ __LINE__, "P\xc3\xa4sswort1", NULL },		/* an umlaut is special */
		{ __LINE__, "", PW_LEN },
		{ __LINE__, "Ab1!", PW_LEN },
		{ __LINE__, "Abcde1!", PW_LEN },
		/* 7 characters in 10 bytes: the length counts characters. */
		{ __LINE__, "Ab1!\xc3\xa9\xc3\xa9\xc3\xa9", PW_LEN },
		{ __LINE__, "abcdefg1!", PW_UPPER },
		{ __LINE__, "abcdefgh", PW_UPPER },		/* the first rule broken */
		{ __LINE__, "ABCDEFG1!", PW_LOWER },
		{ __LINE__, "ABCDEFGH", PW_LOWER },
		{ __LINE__, "Abcdefgh!", PW_DIGIT },
		{ __LINE__, "Abcdefgh", PW_DIGIT },
		{ __LINE__, "Abcdefg1", PW_OTHER },
		{ __LINE__, "ABCdef123", PW_OTHER },
		{ __LINE__, "12345678", PW_UPPER },
		{ __LINE__, "!!!!!!!!", PW_UPPER },
	};
	const char	*m;
	size_t		 i;

	for (i = 0; i < NELEM(t); i++) {
		m = valid_password(t[i].s);
		check_at(t[i].line, (m == NULL && t[i].msg == NULL) ||
		    (m != NULL && t[i].msg != NULL && strcmp(m, t[i].msg) == 0),
		    "valid_password(\"%s\") = \"%s\", want \"%s\"", t[i].s,
		    m ? m : "(null)", t[i].msg ? t[i].msg : "(null)");
	}
}

/* The maximum: 128 characters pass, 129 do not, counted in characters. */
static void
test_password_max(void)
{
	char		 s[600];
	const char	*m;
	size_t		 i;

	memset(s, 'a', sizeof(s));
	memcpy(s, "Aa1!", 4);
	s[128] = '\0';
	CU_ASSERT_PTR_NULL(valid_password(s));
	s[128] = 'a';
	s[129] = '\0';
	m = valid_password(s);
	CU_ASSERT(m != NULL && strcmp(m, PW_MAX) == 0);

	/* "Aa1!" and 124 two-byte characters: 128 characters, 252 bytes. */
	memcpy(s, "Aa1!", 4);
	for (i = 0; i < 124; i++)
		memcpy(s + 4 + 2 * i, "\xc3\xa9", 2);
	s[4 + 2 * 124] = '\0';
	CU_ASSERT_PTR_NULL(valid_password(s));
	memcpy(s + 4 + 2 * 124, "\xc3\xa9", 3);
	m = valid_password(s);
	CU_ASSERT(m != NULL && strcmp(m, PW_MAX) == 0);
}

static void
test_phone(void)
{
	static const struct {
		int		 line;
		const char	*s;
		const char	*out;	/* NULL: rejected */
	} t[] = {
		{ __LINE__, "+1-555-0100", "+15550100" },
		{ __LINE__, "+44 20 7946 0958", "+442079460958" },
		{ __LINE__, "+1 (555) 010-0100", "+15550100100" },
		{ __LINE__, "+33.1.23.45.67.89", "+33123456789" },
		{ __LINE__, "+15550100", "+15550100" },
		{ __LINE__, "+12345678", "+12345678" },			/* 8 digits */
		{ __LINE__, "+123456789012345", "+123456789012345" },	/* 15 */
		{ __LINE__, "+1 234 567 890 123 45", "+123456789012345" },
		{ __LINE__, "1-555-0100", NULL },		/* no plus */
		{ __LINE__, "15550100", NULL },
		{ __LINE__, "0044 20 7946 0958", NULL },
		{ __LINE__, " +15550100", NULL },
		{ __LINE__, "++15550100", NULL },
		{ __LINE__, "+0 555 0100", NULL },		/* no country code 0 */
		{ __LINE__, "+01555010", NULL },
		{ __LINE__, "+1-555-CALL-NOW", NULL },		/* letters */
		{ __LINE__, "+1555o100", NULL },
		{ __LINE__, "+1 555 0100 ext 5", NULL },
		{ __LINE__, "+1555/0100", NULL },
		{ __LINE__, "+1555_0100", NULL },
		{ __LINE__, "+1555+0100", NULL },
		{ __LINE__, "+1555\n0100", NULL },
		{ __LINE__, "+1234567", NULL },			/* too short: 7 */
		{ __LINE__, "+1 2 3", NULL },
		{ __LINE__, "+", NULL },
		{ __LINE__, "+ - ( )", NULL },
		{ __LINE__, "", NULL },
		{ __LINE__, "+1234567890123456", NULL },	/* too long: 16 */
		{ __LINE__, "+1 234 567 890 123 456", NULL },
		{ __LINE__, "+12345678901234567890", NULL },
	};
	char	out[VALID_PHONE_MAX];
	size_t	i;
	bool	ok;

	for (i = 0; i < NELEM(t); i++) {
		memset(out, 'X', sizeof(out));
		ok = valid_phone(t[i].s, out);
		check_at(t[i].line, ok == (t[i].out != NULL),
		    "valid_phone(\"%s\") = %d", t[i].s, ok);
		if (ok && t[i].out != NULL)
			check_at(t[i].line, strcmp(out, t[i].out) == 0,
			    "valid_phone(\"%s\") wrote \"%s\", want \"%s\"", t[i].s,
			    out, t[i].out);
	}
	CU_ASSERT_FALSE(valid_phone(NULL, out));
}

static void
test_text(void)
{
	static const struct {
		int		 line;
		const char	*s;
		size_t		 len;
		bool		 ok;
	} t[] = {
		{ __LINE__, "", 0, true },
		{ __LINE__, "plain ASCII text", 16, true },
		{ __LINE__, "tab\tnewline\ncr\r", 15, true },
		{ __LINE__, "~", 1, true },
		{ __LINE__, "\xc3\xa9", 2, true },		/* U+00E9 */
		{ __LINE__, "\xc2\xa0", 2, true },		/* U+00A0 */
		{ __LINE__, "\xdf\xbf", 2, true },		/* U+07FF */
		{ __LINE__, "\xe0\xa0\x80", 3, true },		/* U+0800 */
		{ __LINE__, "\xe2\x82\xac", 3, true },		/* U+20AC */
		{ __LINE__, "\xed\x9f\xbf", 3, true },		/* U+D7FF */
		{ __LINE__, "\xee\x80\x80", 3, true },		/* U+E000 */
		{ __LINE__, "\xef\xbf\xbd", 3, true },		/* U+FFFD */
		{ __LINE__, "\xf0\x90\x80\x80", 4, true },	/* U+10000 */
		{ __LINE__, "\xf0\x9f\x98\x80", 4, true },	/* U+1F600 */
		{ __LINE__, "\xf4\x8f\xbf\xbf", 4, true },	/* U+10FFFF */
		{ __LINE__, "Gr\xc3\xbc\xc3\x9f""e \xe6\x97\xa5\xe6\x9c\xac", 14, true },
		/* Only len bytes are read. */
		{ __LINE__, "ok\x01", 2, true },
		/* Control characters. */
		{ __LINE__, "\x01", 1, false },
		{ __LINE__, "a\x1f" "b", 3, false },
		{ __LINE__, "a\x1b[31m", 6, false },
		{ __LINE__, "\x7f", 1, false },
		{ __LINE__, "\x0b", 1, false },
		{ __LINE__, "\x0c", 1, false },
		{ __LINE__, "a\0b", 3, false },			/* embedded NUL */
		/* C1 controls U+0080..U+009F are control characters too. */
		{ __LINE__, "\xc2\x80", 2, false },
		{ __LINE__, "a\xc2\x85" "b", 4, false },	/* NEL */
		{ __LINE__, "\xc2\x9b" "31m", 5, false },	/* CSI */
		{ __LINE__, "\xc2\x9f", 2, false },
		/* Overlong encodings. */
		{ __LINE__, "\xc0\xaf", 2, false },		/* '/' */
		{ __LINE__, "\xc0\x80", 2, false },		/* NUL */
		{ __LINE__, "\xc1\xbf", 2, false },
		{ __LINE__, "\xe0\x80\xaf", 3, false },
		{ __LINE__, "\xe0\x9f\xbf", 3, false },
		{ __LINE__, "\xf0\x80\x80\xaf", 4, false },
		{ __LINE__, "\xf0\x8f\xbf\xbf", 4, false },
		/* Surrogates. */
		{ __LINE__, "\xed\xa0\x80", 3, false },		/* U+D800 */
		{ __LINE__, "\xed\xbf\xbf", 3, false },		/* U+DFFF */
		{ __LINE__, "\xed\xa0\xbd\xed\xb8\x80", 6, false }, /* CESU-8 pair */
		/* Beyond U+10FFFF and bytes that never appear. */
		{ __LINE__, "\xf4\x90\x80\x80", 4, false },
		{ __LINE__, "\xf5\x80\x80\x80", 4, false },
		{ __LINE__, "\xf7\xbf\xbf\xbf", 4, false },
		{ __LINE__, "\xf8\x88\x80\x80\x80", 5, false },
		{ __LINE__, "\xfc\x84\x80\x80\x80\x80", 6, false },
		{ __LINE__, "\xfe", 1, false },
		{ __LINE__, "\xff", 1, false },
		/* Lone continuation bytes. */
		{ __LINE__, "\x80", 1, false },
		{ __LINE__, "a\xbf" "b", 3, false },
		/* Truncated sequences. */
		{ __LINE__, "\xc3", 1, false },
		{ __LINE__, "\xe2\x82", 2, false },
		{ __LINE__, "\xf0\x9f\x98", 3, false },
		{ __LINE__, "\xe2\x82\xac", 2, false },	/* cut by len */
		{ __LINE__, "a\xc3", 2, false },
		{ __LINE__, "\xc3" "a", 2, false },		/* not a continuation */
		{ __LINE__, "\xe2\x82" "a", 3, false },
		{ __LINE__, "\xf0\x9f\x98" "a", 4, false },
	};
	char	hex[64];
	size_t	i, k;
	bool	ok;

	for (i = 0; i < NELEM(t); i++) {
		ok = valid_text(t[i].s, t[i].len);
		for (k = 0; k < t[i].len && 3 * k + 3 < sizeof(hex); k++)
			snprintf(hex + 3 * k, 4, "%02x ", (unsigned char)t[i].s[k]);
		hex[3 * k] = '\0';
		check_at(t[i].line, ok == t[i].ok, "valid_text(%s) = %d", hex, ok);
	}
}

void
suite_valid(void)
{
	static const struct {
		const char	*name;
		CU_TestFunc	 fn;
	} tests[] = {
		{ "valid_email", test_email },
		{ "valid_email lengths", test_email_lengths },
		{ "valid_password", test_password },
		{ "valid_password maximum", test_password_max },
		{ "valid_phone", test_phone },
		{ "valid_text", test_text },
	};
	CU_pSuite	s;
	size_t		i;

	if ((s = CU_add_suite("valid", NULL, NULL)) == NULL)
		return;
	for (i = 0; i < NELEM(tests); i++)
		if (CU_add_test(s, tests[i].name, tests[i].fn) == NULL)
			return;
}
