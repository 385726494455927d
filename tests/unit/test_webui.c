/*
 * test_webui.c: CUnit suite for lib/webui: a form read into the JSON the
 * API's validators take, their errors shaped for templates, and the
 * friendly dates.
 *
 * Tables of input -> expected values; a failure names the row's line.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "webui.h"

void	suite_webui(void);

#define T0	1795333800	/* 2026-11-22T07:50:00Z */

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

static const struct webui_field fields[] = {
	{ "name", WEBUI_TEXT },
	{ "industry", WEBUI_OPTIONAL },
	{ "secret", WEBUI_SECRET },
	{ "settings.notify", WEBUI_CHECKBOX },
	{ "settings.theme", WEBUI_TEXT },
};

/* The form body, and the JSON webui_form makes of it (plain, sorted as built). */
static void
test_form(void)
{
	static const struct {
		int		 line;
		const char	*body;
		const char	*want;
	} t[] = {
		{ __LINE__, "", "{\"settings\":{\"notify\":false}}" },
		{ __LINE__, "name=+Ada+&industry=&secret=+x+",
		    "{\"name\":\"Ada\",\"industry\":null,\"secret\":\" x \","
		    "\"settings\":{\"notify\":false}}" },
		{ __LINE__, "name=%09%0D%0A&industry=+Retail%0A",
		    "{\"name\":\"\",\"industry\":\"Retail\",\"settings\":{\"notify\":false}}" },
		{ __LINE__, "settings.notify=on&settings.theme=dark&other=1",
		    "{\"settings\":{\"notify\":true,\"theme\":\"dark\"}}" },
		{ __LINE__, "name=a&name=b", "{\"name\":\"a\",\"settings\":{\"notify\":false}}" },
		{ __LINE__, "name=%3Cb%3E+%26", "{\"name\":\"<b> &\",\"settings\":{\"notify\":false}}" },
	};
	struct req	 r;
	json_object	*o;
	const char	*got;
	size_t		 i;

	for (i = 0; i < NELEM(t); i++) {
		memset(&r, 0, sizeof(r));
		if (req_query_parse(t[i].body, &r.form, &r.nform) != APP_OK) {
			check_at(t[i].line, false, "body does not parse");
			continue;
		}
		o = webui_form(&r, fields, NELEM(fields));
		got = o ? json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN) : "(null)";
		check_at(t[i].line, strcmp(got, t[i].want) == 0, "got %s, want %s",
		    got, t[i].want);
		json_object_put(o);
		req_kv_free(r.form, r.nform);
	}
}

/* Errors as input.c collects them, and as a template reads them. */
static void
test_errors(void)
{
	struct in	 in;
	json_object	*o, *missing;
	const char	*got;

	in_init(&in, NULL);
	CU_ASSERT_PTR_NULL(webui_errors(&in));
	in_error(&in, "clientName", "Field is required");
	in_error(&in, "settings.theme", "Must be one of: light, dark, system");
	in_error(&in, "settings.emailNotifications", "Field must be true or false");
	missing = json_object_new_array();
	json_object_array_add(missing, json_object_new_string("q_001"));
	json_object_object_add(in.errors, "missingQuestions", missing);
	o = webui_errors(&in);
	got = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	check_at(__LINE__, strcmp(got, "{\"clientName\":\"Field is required\","
	    "\"settings\":{\"theme\":\"Must be one of: light, dark, system\","
	    "\"emailNotifications\":\"Field must be true or false\"}}") == 0,
	    "got %s", got);
	CU_ASSERT(in_ok(&in));		/* the errors moved out */
	json_object_put(o);
	in_free(&in);
}

static void
test_dates(void)
{
	static const struct {
		int		 line;
		long long	 t;
		long long	 now;
		const char	*date;
		const char	*datetime;
		const char	*ago;
	} t[] = {
		{ __LINE__, T0, T0, "22 Nov 2026", "22 Nov 2026, 07:50", "just now" },
		{ __LINE__, T0, T0 + 59, "22 Nov 2026", "22 Nov 2026, 07:50", "just now" },
		{ __LINE__, T0, T0 + 60, "22 Nov 2026", "22 Nov 2026, 07:50", "1 minute ago" },
		{ __LINE__, T0, T0 + 3599, "22 Nov 2026", "22 Nov 2026, 07:50", "59 minutes ago" },
		{ __LINE__, T0, T0 + 3600, "22 Nov 2026", "22 Nov 2026, 07:50", "1 hour ago" },
		{ __LINE__, T0, T0 + 86399, "22 Nov 2026", "22 Nov 2026, 07:50", "23 hours ago" },
		{ __LINE__, T0, T0 + 86400, "22 Nov 2026", "22 Nov 2026, 07:50", "yesterday" },
		{ __LINE__, T0, T0 + 2 * 86400, "22 Nov 2026", "22 Nov 2026, 07:50", "2 days ago" },
		{ __LINE__, T0, T0 + 7 * 86400, "22 Nov 2026", "22 Nov 2026, 07:50", "22 Nov 2026" },
		{ __LINE__, 0, T0, "1 Jan 1970", "1 Jan 1970, 00:00", "1 Jan 1970" },
		{ __LINE__, 951782400, T0, "29 Feb 2000", "29 Feb 2000, 00:00", "29 Feb 2000" },
		{ __LINE__, T0 + 60, T0, "22 Nov 2026", "22 Nov 2026, 07:51", "just now" },
	};
	char	 s[WEBUI_DATE_MAX];
	size_t	 i;

	for (i = 0; i < NELEM(t); i++) {
		webui_date(s, (time_t)t[i].t);
		check_at(t[i].line, strcmp(s, t[i].date) == 0, "date %s, want %s", s, t[i].date);
		webui_datetime(s, (time_t)t[i].t);
		check_at(t[i].line, strcmp(s, t[i].datetime) == 0, "datetime %s, want %s",
		    s, t[i].datetime);
		webui_ago(s, (time_t)t[i].t, (time_t)t[i].now);
		check_at(t[i].line, strcmp(s, t[i].ago) == 0, "ago %s, want %s", s, t[i].ago);
	}
}

/* webui_dates adds the three forms beside ISO times, and nothing else. */
static void
test_dates_object(void)
{
	static const char *const keys[] = { "createdAt", "completedAt", "name", "missing", NULL };
	json_object	*o = json_tokener_parse("{\"createdAt\":\"2026-11-22T07:50:00Z\","
	    "\"completedAt\":null,\"name\":\"not a time\"}");
	const char	*got;

	webui_dates(o, keys, T0 + 7200);
	got = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	check_at(__LINE__, strcmp(got, "{\"createdAt\":\"2026-11-22T07:50:00Z\","
	    "\"completedAt\":null,\"name\":\"not a time\",\"createdAtText\":\"22 Nov 2026\","
	    "\"createdAtTime\":\"22 Nov 2026, 07:50\",\"createdAtAgo\":\"2 hours ago\"}") == 0,
	    "got %s", got);
	json_object_put(o);
}

void
suite_webui(void)
{
	static const struct {
		const char	*name;
		CU_TestFunc	 fn;
	} tests[] = {
		{ "webui_form", test_form },
		{ "webui_errors", test_errors },
		{ "webui_date, webui_datetime, webui_ago", test_dates },
		{ "webui_dates", test_dates_object },
	};
	CU_pSuite	s;
	size_t		i;

	if ((s = CU_add_suite("webui", NULL, NULL)) == NULL)
		return;
	for (i = 0; i < NELEM(tests); i++)
		if (CU_add_test(s, tests[i].name, tests[i].fn) == NULL)
			return;
}
