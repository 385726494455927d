/*
 * test_html.c: CUnit suite for lib/html (output buffer, text and URL
 * escapers, UTF-8 and control character cleaning).
 *
 * Tables of input -> expected output; a failure names the row's line.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "html.h"

void	suite_html(void);

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

/* A row: input of len bytes (-1: strlen) and the expected output. */
struct row {
	int		 line;
	const char	*in;
	int		 len;
	const char	*want;
};

static void
run_rows(const struct row *t, size_t n,
    enum app_err (*fn)(struct html_buf *, const char *, size_t),
    const char *fname)
{
	struct html_buf	 b;
	size_t		 i, len;
	enum app_err	 rc;

	for (i = 0; i < n; i++) {
		memset(&b, 0, sizeof(b));
		len = t[i].len < 0 ? strlen(t[i].in) : (size_t)t[i].len;
		rc = fn(&b, t[i].in, len);
		check_at(t[i].line, rc == APP_OK, "%s: rc %d", fname, rc);
		check_at(t[i].line, b.len == strlen(t[i].want) &&
		    memcmp(b.s == NULL ? "" : b.s, t[i].want, b.len) == 0,
		    "%s(\"%s\") = \"%s\", want \"%s\"", fname, t[i].in,
		    b.s == NULL ? "" : b.s, t[i].want);
		check_at(t[i].line, b.s == NULL || b.s[b.len] == '\0',
		    "%s: not NUL-terminated", fname);
		html_buf_free(&b);
	}
}

static void
test_text(void)
{
	static const struct row t[] = {
		{ __LINE__, "", -1, "" },
		{ __LINE__, "plain text", -1, "plain text" },
		{ __LINE__, "<script>alert(\"x\")</script>", -1,
		    "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" },
		{ __LINE__, "a & b", -1, "a &amp; b" },
		{ __LINE__, "&amp;", -1, "&amp;amp;" },
		{ __LINE__, "it's", -1, "it&#39;s" },
		{ __LINE__, "\" onmouseover=\"x", -1,
		    "&quot; onmouseover=&quot;x" },
		{ __LINE__, "' onfocus='x", -1, "&#39; onfocus=&#39;x" },
		{ __LINE__, "<<>>", -1, "&lt;&lt;&gt;&gt;" },
		{ __LINE__, "`=/\\", -1, "`=/\\" },
		/* UTF-8 is kept: 2, 3 and 4 bytes, and the edges of the ranges. */
		{ __LINE__, "Zoë €5 😀", -1, "Zoë €5 😀" },
		{ __LINE__, "\xc2\xa0|\xdf\xbf|\xe0\xa0\x80|\xed\x9f\xbf", -1,
		    "\xc2\xa0|\xdf\xbf|\xe0\xa0\x80|\xed\x9f\xbf" },
		{ __LINE__, "\xee\x80\x80|\xef\xbf\xbf|\xf0\x90\x80\x80|"
		    "\xf4\x8f\xbf\xbf", -1, "\xee\x80\x80|\xef\xbf\xbf|"
		    "\xf0\x90\x80\x80|\xf4\x8f\xbf\xbf" },
		/* Invalid UTF-8: one U+FFFD per maximal invalid prefix. */
		{ __LINE__, "a\xff" "b", -1, "a\xef\xbf\xbd" "b" },
		{ __LINE__, "\x80", -1, "\xef\xbf\xbd" },
		{ __LINE__, "\x80\x80", -1, "\xef\xbf\xbd\xef\xbf\xbd" },
		{ __LINE__, "\xc3", -1, "\xef\xbf\xbd" },
		{ __LINE__, "\xc3<", -1, "\xef\xbf\xbd&lt;" },
		{ __LINE__, "\xe2\x82", -1, "\xef\xbf\xbd" },
		{ __LINE__, "\xe2\x82x", -1, "\xef\xbf\xbdx" },
		{ __LINE__, "\xf0\x9f\x98", -1, "\xef\xbf\xbd" },
		/* Overlong forms, surrogates, above U+10FFFF. */
		{ __LINE__, "\xc0\xbc", -1, "\xef\xbf\xbd\xef\xbf\xbd" },
		{ __LINE__, "\xc1\xbf", -1, "\xef\xbf\xbd\xef\xbf\xbd" },
		{ __LINE__, "\xe0\x80\xbc", -1,
		    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
		{ __LINE__, "\xed\xa0\x80", -1,
		    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
		{ __LINE__, "\xf0\x80\x80\x80", -1, "\xef\xbf\xbd\xef\xbf\xbd"
		    "\xef\xbf\xbd\xef\xbf\xbd" },
		{ __LINE__, "\xf4\x90\x80\x80", -1, "\xef\xbf\xbd\xef\xbf\xbd"
		    "\xef\xbf\xbd\xef\xbf\xbd" },
		{ __LINE__, "\xf5\xfe", -1, "\xef\xbf\xbd\xef\xbf\xbd" },
		/* Controls: tab, newline, CR kept; C0, DEL and C1 dropped. */
		{ __LINE__, "a\tb\nc\rd", -1, "a\tb\nc\rd" },
		{ __LINE__, "a\0b", 3, "ab" },
		{ __LINE__, "\x01\x08\x0b\x0c\x1b[31m\x1f", -1, "[31m" },
		{ __LINE__, "a\x7f" "b", -1, "ab" },
		{ __LINE__, "a\xc2\x80" "b\xc2\x9f" "c\xc2\xa0", -1,
		    "abc\xc2\xa0" },
		/* The length is respected: no reading past it. */
		{ __LINE__, "abc<def", 4, "abc&lt;" },
	};

	run_rows(t, NELEM(t), html_text, "html_text");
}

static void
test_url(void)
{
	static const struct row t[] = {
		{ __LINE__, "", -1, "" },
		{ __LINE__, "abcXYZ019-._~", -1, "abcXYZ019-._~" },
		{ __LINE__, "a b", -1, "a%20b" },
		{ __LINE__, "a+b", -1, "a%2Bb" },
		{ __LINE__, "a/b?c=d&e#f", -1, "a%2Fb%3Fc%3Dd%26e%23f" },
		{ __LINE__, "\"'<>", -1, "%22%27%3C%3E" },
		{ __LINE__, "100%", -1, "100%25" },
		{ __LINE__, "javascript:alert(1)", -1,
		    "javascript%3Aalert%281%29" },
		{ __LINE__, "../..", -1, "..%2F.." },
		{ __LINE__, "é€😀", -1, "%C3%A9%E2%82%AC%F0%9F%98%80" },
		{ __LINE__, "\xff", -1, "%EF%BF%BD" },
		{ __LINE__, "a\xc3", -1, "a%EF%BF%BD" },
		{ __LINE__, "\xed\xa0\x80", -1, "%EF%BF%BD%EF%BF%BD%EF%BF%BD" },
		{ __LINE__, "a\tb\nc\rd", -1, "a%09b%0Ac%0Dd" },
		{ __LINE__, "a\0b\x01\x7f" "c\xc2\x85", 8, "abc" },
		{ __LINE__, "abc def", 4, "abc%20" },
	};

	run_rows(t, NELEM(t), html_url, "html_url");
}

static void
test_raw(void)
{
	static const struct row t[] = {
		{ __LINE__, "", -1, "" },
		{ __LINE__, "<b>bold</b> & \"q\"", -1, "<b>bold</b> & \"q\"" },
		{ __LINE__, "\xff\x01", -1, "\xff\x01" },
		{ __LINE__, "abc", 2, "ab" },
	};

	run_rows(t, NELEM(t), html_raw, "html_raw");
}

/* Appends, growth, the bound, take and free. */
static void
test_buf(void)
{
	struct html_buf	 b;
	char		*s, big[1000];
	size_t		 len, i;

	/* Take of an empty buffer gives "", which the caller frees. */
	memset(&b, 0, sizeof(b));
	s = html_buf_take(&b, &len);
	check_at(__LINE__, s != NULL && *s == '\0' && len == 0,
	    "take of empty buffer");
	free(s);

	/* Many appends: growth keeps the contents. */
	memset(big, 'x', sizeof(big));
	memset(&b, 0, sizeof(b));
	for (i = 0; i < 1000; i++)
		html_raw(&b, big, sizeof(big));
	html_text(&b, "<", 1);
	check_at(__LINE__, b.err == APP_OK && b.len == 1000 * 1000 + 4 &&
	    memcmp(b.s + b.len - 5, "x&lt;", 5) == 0 && b.s[b.len] == '\0',
	    "growth: len %zu", b.len);
	s = html_buf_take(&b, &len);
	check_at(__LINE__, s != NULL && len == 1000 * 1000 + 4 &&
	    b.s == NULL && b.len == 0, "take after growth");
	free(s);

	/* The bound: exact fit succeeds, one byte more fails and sticks. */
	memset(&b, 0, sizeof(b));
	b.max = 10;
	check_at(__LINE__, html_raw(&b, "0123456789", 10) == APP_OK,
	    "exact fit");
	check_at(__LINE__, html_raw(&b, "x", 1) == APP_ERR_NOMEM,
	    "one past the bound");
	check_at(__LINE__, html_raw(&b, "", 0) == APP_ERR_NOMEM &&
	    html_text(&b, "y", 1) == APP_ERR_NOMEM &&
	    html_url(&b, "z", 1) == APP_ERR_NOMEM && b.len == 10,
	    "the error sticks");
	s = html_buf_take(&b, &len);
	check_at(__LINE__, s == NULL && b.s == NULL && b.err == APP_OK,
	    "take after an error frees and resets");

	/* Escaping that crosses the bound stops there. */
	memset(&b, 0, sizeof(b));
	b.max = 8;
	check_at(__LINE__, html_text(&b, "ab<<<<", 6) == APP_ERR_NOMEM &&
	    b.len <= 8, "escaping past the bound");
	html_buf_free(&b);

	/* The default bound is HTML_BUF_MAX. */
	memset(&b, 0, sizeof(b));
	for (i = 0; i < HTML_BUF_MAX / sizeof(big) + 1; i++)
		if (html_raw(&b, big, sizeof(big)) != APP_OK)
			break;
	check_at(__LINE__, b.err == APP_ERR_NOMEM && b.len <= HTML_BUF_MAX,
	    "default bound: err %d len %zu", b.err, b.len);
	html_buf_free(&b);

	html_buf_free(NULL);
}

void
suite_html(void)
{
	static const struct {
		const char	*name;
		CU_TestFunc	 fn;
	} tests[] = {
		{ "html_text", test_text },
		{ "html_url", test_url },
		{ "html_raw", test_raw },
		{ "html_buf", test_buf },
	};
	CU_pSuite	s;
	size_t		i;

	if ((s = CU_add_suite("html", NULL, NULL)) == NULL)
		return;
	for (i = 0; i < NELEM(tests); i++)
		if (CU_add_test(s, tests[i].name, tests[i].fn) == NULL)
			return;
}
