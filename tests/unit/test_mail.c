/*
 * test_mail.c: CUnit suite for the pure part of lib/mail: mailboxes,
 * header encoding (no value can start a header of its own), quoted-
 * printable bodies and the assembled message.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "mail.h"

void	suite_mail(void);

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
test_addr_parse(void)
{
	static const struct {
		int		 line;
		const char	*in;
		bool		 ok;
		const char	*name, *addr;
	} t[] = {
		{ __LINE__, "RISE Suite <no-reply@rise.local>", true, "RISE Suite",
		    "no-reply@rise.local" },
		{ __LINE__, "\"RISE Suite\" <a@example.com>", true, "RISE Suite",
		    "a@example.com" },
		{ __LINE__, "a@example.com", true, "", "a@example.com" },
		{ __LINE__, "  <a@example.com>  ", true, "", "a@example.com" },
		{ __LINE__, "Zoë <z@example.com>", true, "Zoë", "z@example.com" },
		{ __LINE__, "", false, NULL, NULL },
		{ __LINE__, "RISE <not an address>", false, NULL, NULL },
		{ __LINE__, "a@example.com\r\nBcc: b@example.com", false, NULL, NULL },
		{ __LINE__, "X\r\nBcc: b@example.com <a@example.com>", false, NULL, NULL },
		{ __LINE__, "A \"B\" C <a@example.com>", false, NULL, NULL },
		{ __LINE__, "<a@example.com", false, NULL, NULL },
	};
	char	name[MAIL_NAME_MAX], addr[MAIL_ADDR_MAX];
	bool	ok;

	for (size_t i = 0; i < NELEM(t); i++) {
		ok = mail_addr_parse(t[i].in, name, addr);
		check_at(t[i].line, ok == t[i].ok, "mail_addr_parse(\"%s\") is %d",
		    t[i].in, ok);
		if (ok && t[i].ok)
			check_at(t[i].line, strcmp(name, t[i].name) == 0 &&
			    strcmp(addr, t[i].addr) == 0, "got \"%s\" and \"%s\"",
			    name, addr);
	}
}

static void
test_hdr(void)
{
	static const struct {
		int		 line;
		const char	*name, *addr;	/* addr NULL: mail_hdr_text(name) */
		const char	*want;		/* NULL: refused */
	} t[] = {
		{ __LINE__, "Plain subject", NULL, "Plain subject" },
		{ __LINE__, "A\r\nBcc: x@example.com", NULL, "A  Bcc: x@example.com" },
		{ __LINE__, " \ttrimmed\n", NULL, "trimmed" },
		{ __LINE__, "Café", NULL, "=?UTF-8?B?Q2Fmw6k=?=" },
		{ __LINE__, "=?UTF-8?B?x?=", NULL, "=?UTF-8?B?PT9VVEYtOD9CP3g/PQ==?=" },
		/* 23 é: 44 bytes in the first word, not 45, which would split one. */
		{ __LINE__, "ééééééééééééééééééééééé", NULL,
		    "=?UTF-8?B?w6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6k=?= "
		    "=?UTF-8?B?w6k=?=" },
		{ __LINE__, "Jane Client", "j@example.com", "\"Jane Client\" <j@example.com>" },
		{ __LINE__, "Say \"hi\" \\", "j@example.com",
		    "\"Say \\\"hi\\\" \\\\\" <j@example.com>" },
		{ __LINE__, "Eve\r\nBcc: e@example.com", "j@example.com",
		    "\"Eve  Bcc: e@example.com\" <j@example.com>" },
		{ __LINE__, "", "j@example.com", "<j@example.com>" },
		{ __LINE__, "Zoë", "z@example.com", "=?UTF-8?B?Wm/Dqw==?= <z@example.com>" },
		{ __LINE__, "X", "j@example.com\r\nBcc: e@example.com", NULL },
		{ __LINE__, "X", "j@example.com>, <e@example.com", NULL },
		{ __LINE__, "X", "", NULL },
	};
	struct html_buf	 b;
	char		*s;
	bool		 ok;

	for (size_t i = 0; i < NELEM(t); i++) {
		memset(&b, 0, sizeof(b));
		ok = true;
		if (t[i].addr == NULL)
			mail_hdr_text(&b, t[i].name);
		else
			ok = mail_hdr_mailbox(&b, t[i].name, t[i].addr);
		s = html_buf_take(&b, NULL);
		if (t[i].want == NULL)
			check_at(t[i].line, !ok && s != NULL && *s == '\0',
			    "refused, nothing appended (got \"%s\")", s ? s : "(null)");
		else
			check_at(t[i].line, ok && s != NULL && strcmp(s, t[i].want) == 0,
			    "want \"%s\", got \"%s\"", t[i].want, s ? s : "(null)");
		free(s);
	}
}

static void
test_qp(void)
{
	static const struct {
		int		 line;
		const char	*in, *want;
	} t[] = {
		{ __LINE__, "Hello\nWorld\n", "Hello\r\nWorld\r\n" },
		{ __LINE__, "a=b", "a=3Db\r\n" },
		{ __LINE__, "trailing \nx\r\n", "trailing=20\r\nx\r\n" },
		{ __LINE__, ".\n.x\n", "=2E\r\n=2Ex\r\n" },
		{ __LINE__, "Zoë", "Zo=C3=AB\r\n" },
		{ __LINE__, "a\rb", "a=0Db\r\n" },
		{ __LINE__, "0123456789012345678901234567890123456789012345678901234567890"
		    "1234567890123456789",
		    "012345678901234567890123456789012345678901234567890123456789012345678901234=\r\n"
		    "56789\r\n" },
	};
	struct html_buf	 b;
	char		*s;

	for (size_t i = 0; i < NELEM(t); i++) {
		memset(&b, 0, sizeof(b));
		mail_qp(&b, t[i].in, strlen(t[i].in));
		s = html_buf_take(&b, NULL);
		check_at(t[i].line, s != NULL && strcmp(s, t[i].want) == 0,
		    "want \"%s\", got \"%s\"", t[i].want, s ? s : "(null)");
		free(s);
	}
}

/* Every line of the message ends in CRLF and holds at most 998 bytes. */
static bool
lines_ok(const char *s)
{
	const char	*e;

	for (; *s != '\0'; s = e + 2) {
		if ((e = strstr(s, "\r\n")) == NULL || e - s > 998 ||
		    memchr(s, '\r', (size_t)(e - s)) != NULL ||
		    memchr(s, '\n', (size_t)(e - s)) != NULL)
			return false;
	}
	return true;
}

static void
test_build(void)
{
	struct mail_msg	 m;
	char		*out = NULL;
	size_t		 len;
	const char	*head_end;

	memset(&m, 0, sizeof(m));
	m.id = "mail_0123456789abcdefghij";
	m.date = 1795348800;	/* 2026-11-22T12:00:00Z, a Sunday */
	m.from = "RISE Suite <no-reply@rise.local>";
	m.to_name = "Eve\r\nBcc: evil@example.com";
	m.to_addr = "eve@example.com";
	m.reply_name = "Ada";
	m.reply_addr = "ada@example.com";
	m.subject = "Hi\r\nBcc: evil@example.com";
	m.text = "Hello\n";
	m.html = "<p>Hello</p>\n";
	CU_ASSERT_EQUAL_FATAL(mail_build(&m, &out, &len), APP_OK);
	CU_ASSERT_EQUAL(strlen(out), len);
	CU_ASSERT(lines_ok(out));
	head_end = strstr(out, "\r\n\r\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(head_end);
	CU_ASSERT(strncmp(out, "Date: Sun, 22 Nov 2026 12:00:00 +0000\r\n"
	    "From: \"RISE Suite\" <no-reply@rise.local>\r\n"
	    "To: \"Eve  Bcc: evil@example.com\" <eve@example.com>\r\n"
	    "Reply-To: \"Ada\" <ada@example.com>\r\n"
	    "Subject: Hi  Bcc: evil@example.com\r\n"
	    "Message-ID: <mail_0123456789abcdefghij@rise.local>\r\n"
	    "MIME-Version: 1.0\r\n"
	    "Content-Type: multipart/alternative; "
	    "boundary=\"=_rise_mail_0123456789abcdefghij\"\r\n\r\n",
	    (size_t)(head_end - out) + 4) == 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\r\n--=_rise_mail_0123456789abcdefghij\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\nHello\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "<p>Hello</p>\r\n"
	    "--=_rise_mail_0123456789abcdefghij--\r\n"));
	free(out);

	/* A bad recipient, a bad id: nothing built. */
	m.to_addr = "eve@example.com\r\nBcc: evil@example.com";
	CU_ASSERT_EQUAL(mail_build(&m, &out, NULL), APP_ERR_INVALID);
	CU_ASSERT_PTR_NULL(out);
	m.to_addr = "eve@example.com";
	m.id = "mail_x\r\nBcc: e";
	CU_ASSERT_EQUAL(mail_build(&m, &out, NULL), APP_ERR_INVALID);
	CU_ASSERT_PTR_NULL(out);
}

void
suite_mail(void)
{
	static const struct {
		const char	*name;
		CU_TestFunc	 fn;
	} tests[] = {
		{ "mail_addr_parse", test_addr_parse },
		{ "mail_hdr_text and mail_hdr_mailbox", test_hdr },
		{ "mail_qp", test_qp },
		{ "mail_build", test_build },
	};
	CU_pSuite	s;
	size_t		i;

	if ((s = CU_add_suite("mail", NULL, NULL)) == NULL)
		return;
	for (i = 0; i < NELEM(tests); i++)
		if (CU_add_test(s, tests[i].name, tests[i].fn) == NULL)
			return;
}
