/*
 * test_admin.c: CUnit suite for the pure parts of lib/admin: reading an
 * analytics period (as GET /v1/admin/analytics does) and laying out the
 * buckets of the completions chart.
 *
 * Tables of input -> expected values; a failure names the row's line.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "admin.h"

void	suite_admin(void);

#define DAY	86400
#define T0	1772323200	/* 2026-03-01T00:00:00Z */

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
test_period(void)
{
	static const time_t	 now = T0 + 10 * DAY + 3600;
	static const struct {
		int		 line;
		const char	*start, *end;
		bool		 ok;
		time_t		 s, e;
		const char	*errors;	/* compact JSON, or NULL */
	} t[] = {
		{ __LINE__, NULL, NULL, true, now - 30 * DAY, now, NULL },
		/* A bare end date includes that whole day. */
		{ __LINE__, NULL, "2026-03-01", true, T0 + DAY - 1 - 30 * DAY, T0 + DAY - 1, NULL },
		{ __LINE__, "2026-02-01", "2026-03-01", true, T0 - 28 * DAY, T0 + DAY - 1, NULL },
		{ __LINE__, "2026-03-01", "2026-03-01", true, T0, T0 + DAY - 1, NULL },
		{ __LINE__, "2026-03-01T10:00:00Z", "2026-03-01T10:00:00Z", true,
		    T0 + 36000, T0 + 36000, NULL },
		{ __LINE__, "2026-03-01T00:00:00+02:00", NULL, true, T0 - 7200, now, NULL },
		{ __LINE__, "2026-03-02", "2026-03-01T12:00:00Z", false, 0, 0,
		    "{\"endDate\":\"Must not be before startDate\"}" },
		{ __LINE__, "2026-03-12", NULL, false, 0, 0,
		    "{\"endDate\":\"Must not be before startDate\"}" },
		{ __LINE__, "2026-13-01", NULL, false, 0, 0,
		    "{\"startDate\":\"Must be an ISO 8601 date or date-time\"}" },
		{ __LINE__, "", "tomorrow", false, 0, 0,
		    "{\"endDate\":\"Must be an ISO 8601 date or date-time\","
		    "\"startDate\":\"Must be an ISO 8601 date or date-time\"}" },
	};
	struct admin_period	 p;
	struct in		 errs;
	const char		*got;
	bool			 ok;

	for (size_t i = 0; i < NELEM(t); i++) {
		in_init(&errs, NULL);
		ok = admin_period_parse(t[i].start, t[i].end, now, &errs, &p);
		got = errs.errors ? json_object_to_json_string_ext(errs.errors,
		    JSON_C_TO_STRING_PLAIN) : NULL;
		check_at(t[i].line, ok == t[i].ok, "ok %d, want %d", ok, t[i].ok);
		if (t[i].ok)
			check_at(t[i].line, p.start == t[i].s && p.end == t[i].e,
			    "period [%lld, %lld], want [%lld, %lld]", (long long)p.start,
			    (long long)p.end, (long long)t[i].s, (long long)t[i].e);
		else
			check_at(t[i].line, got != NULL && strcmp(got, t[i].errors) == 0,
			    "errors %s, want %s", got ? got : "none", t[i].errors);
		in_free(&errs);
	}
}

static void
test_series_plan(void)
{
	static const struct {
		int		 line;
		time_t		 start, end;
		int		 n, days;
		long		 first;		/* seconds in the first bucket */
	} t[] = {
		{ __LINE__, T0, T0, 1, 1, 1 },
		{ __LINE__, T0, T0 + DAY - 1, 1, 1, DAY },
		{ __LINE__, T0, T0 + 12 * DAY - 1, 12, 1, DAY },
		/* 13 days: weeks, the older one 6 days long. */
		{ __LINE__, T0, T0 + 13 * DAY - 1, 2, 7, 6 * DAY },
		/* The default 30 days: 4 weeks and 2 days first. */
		{ __LINE__, T0, T0 + 30 * DAY - 1, 5, 7, 2 * DAY },
		{ __LINE__, T0, T0 + 84 * DAY - 1, 12, 7, 7 * DAY },
		{ __LINE__, T0, T0 + 85 * DAY - 1, 7, 14, DAY },
		{ __LINE__, T0, T0 + 365 * DAY - 1, 11, 35, 15 * DAY },
		/* Not on day boundaries: the API's default last 30 days. */
		{ __LINE__, T0 + 3600, T0 + 3600 + 30 * DAY, 5, 7, 2 * DAY + 1 },
		{ __LINE__, 0, T0, 12, 1715, (long)(T0 + 1 - 11L * 1715 * DAY) },
	};
	struct admin_period	 p;
	struct admin_series	 s;
	bool			 joined;

	for (size_t i = 0; i < NELEM(t); i++) {
		p.start = t[i].start;
		p.end = t[i].end;
		admin_series_plan(&p, &s);
		check_at(t[i].line, s.n == t[i].n && s.days == t[i].days,
		    "%d buckets of %d days, want %d of %d", s.n, s.days, t[i].n, t[i].days);
		if (s.n < 1 || s.n > ADMIN_BUCKETS_MAX)
			continue;
		check_at(t[i].line, s.start[0] == p.start && s.end[s.n - 1] == p.end,
		    "buckets span [%lld, %lld]", (long long)s.start[0],
		    (long long)s.end[s.n - 1]);
		check_at(t[i].line, s.end[0] - s.start[0] + 1 == t[i].first,
		    "first bucket %lld s, want %ld", (long long)(s.end[0] - s.start[0] + 1),
		    t[i].first);
		joined = true;
		for (int j = 1; j < s.n; j++)
			joined = joined && s.start[j] == s.end[j - 1] + 1 &&
			    s.end[j] - s.start[j] + 1 == (time_t)s.days * DAY &&
			    s.count[j] == 0;
		check_at(t[i].line, joined, "buckets not contiguous and whole");
	}
}

void
suite_admin(void)
{
	static const struct {
		const char	*name;
		CU_TestFunc	 fn;
	} tests[] = {
		{ "admin_period_parse", test_period },
		{ "admin_series_plan", test_series_plan },
	};
	CU_pSuite	s;
	size_t		i;

	if ((s = CU_add_suite("admin", NULL, NULL)) == NULL)
		return;
	for (i = 0; i < NELEM(tests); i++)
		if (CU_add_test(s, tests[i].name, tests[i].fn) == NULL)
			return;
}
