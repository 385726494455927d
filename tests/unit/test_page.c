/*
 * test_page.c: CUnit suite for lib/page (page and limit from the query
 * string, whitelisted choices, the pagination object).
 *
 * Tables of query string -> expected values and errors; a failure names
 * the row's line.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "page.h"

void	suite_page(void);

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

/* A request holding only the query string qs. */
static bool
req_with(struct req *r, const char *qs)
{
	memset(r, 0, sizeof(*r));
	return req_query_parse(qs, &r->query, &r->nquery) == APP_OK;
}

/* The errors as compact JSON, "" if none. */
static const char *
errors_of(const struct in *in)
{
	return in->errors == NULL ? "" :
	    json_object_to_json_string_ext(in->errors, JSON_C_TO_STRING_PLAIN);
}

#define EPAGE	"{\"page\":\"Must be a positive integer\"}"
#define ELIMIT	"{\"limit\":\"Must be a positive integer\"}"

static void
test_parse(void)
{
	static const struct {
		int		 line;
		const char	*qs;
		long		 page, limit, offset;
		const char	*errors;
	} t[] = {
		{ __LINE__, "", 1, 20, 0, "" },
		{ __LINE__, "page=1", 1, 20, 0, "" },
		{ __LINE__, "page=3", 3, 20, 40, "" },
		{ __LINE__, "page=2&limit=50", 2, 50, 50, "" },
		{ __LINE__, "limit=100", 1, 100, 0, "" },
		{ __LINE__, "limit=101", 1, 100, 0, "" },	/* clamped */
		{ __LINE__, "limit=999999999&page=2", 2, 100, 100, "" },
		{ __LINE__, "limit=1&page=999999999", 999999999, 1, 999999998, "" },
		{ __LINE__, "page=01", 1, 20, 0, "" },
		{ __LINE__, "other=x", 1, 20, 0, "" },
		{ __LINE__, "page=0", 1, 20, 0, EPAGE },
		{ __LINE__, "page=-1", 1, 20, 0, EPAGE },
		{ __LINE__, "page=abc", 1, 20, 0, EPAGE },
		{ __LINE__, "page=", 1, 20, 0, EPAGE },
		{ __LINE__, "page", 1, 20, 0, EPAGE },
		{ __LINE__, "page=1.5", 1, 20, 0, EPAGE },
		{ __LINE__, "page=+2", 1, 20, 0, EPAGE },
		{ __LINE__, "page=%202", 1, 20, 0, EPAGE },
		{ __LINE__, "page=2x", 1, 20, 0, EPAGE },
		{ __LINE__, "page=1000000000", 1, 20, 0, EPAGE },	/* 10 digits */
		{ __LINE__, "page=99999999999999999999", 1, 20, 0, EPAGE },
		{ __LINE__, "limit=0", 1, 20, 0, ELIMIT },
		{ __LINE__, "limit=-5&page=2", 2, 20, 20, ELIMIT },
		{ __LINE__, "limit=ten", 1, 20, 0, ELIMIT },
		{ __LINE__, "page=x&limit=y", 1, 20, 0,
		    "{\"page\":\"Must be a positive integer\","
		    "\"limit\":\"Must be a positive integer\"}" },
	};
	struct req	r;
	struct in	errs;
	struct page	p;
	size_t		i;

	for (i = 0; i < NELEM(t); i++) {
		if (!req_with(&r, t[i].qs)) {
			check_at(t[i].line, false, "bad query %s", t[i].qs);
			continue;
		}
		in_init(&errs, NULL);
		memset(&p, 0xff, sizeof(p));
		page_parse(&r, &errs, &p);
		check_at(t[i].line, p.page == t[i].page && p.limit == t[i].limit &&
		    p.offset == t[i].offset, "%s: page %ld limit %ld offset %ld, "
		    "want %ld %ld %ld", t[i].qs, p.page, p.limit, p.offset,
		    t[i].page, t[i].limit, t[i].offset);
		check_at(t[i].line, strcmp(errors_of(&errs), t[i].errors) == 0,
		    "%s: errors %s, want %s", t[i].qs, errors_of(&errs), t[i].errors);
		in_free(&errs);
		req_free(&r);
	}
}

static void
test_choice(void)
{
	static const char *const sorts[] = { "createdAt", "name", "status", NULL };
	static const struct {
		int		 line;
		const char	*qs;
		int		 want;
		const char	*errors;
	} t[] = {
		{ __LINE__, "", 0, "" },
		{ __LINE__, "sort=createdAt", 0, "" },
		{ __LINE__, "sort=name", 1, "" },
		{ __LINE__, "sort=status", 2, "" },
		{ __LINE__, "sort=Name", 0, "{\"sort\":\"Unsupported value\"}" },
		{ __LINE__, "sort=name;DROP TABLE users", 0,
		    "{\"sort\":\"Unsupported value\"}" },
		{ __LINE__, "sort=", 0, "{\"sort\":\"Unsupported value\"}" },
		{ __LINE__, "sort=name&sort=status", 1, "" },	/* the first */
	};
	struct req	r;
	struct in	errs;
	size_t		i;
	int		got;

	for (i = 0; i < NELEM(t); i++) {
		if (!req_with(&r, t[i].qs)) {
			check_at(t[i].line, false, "bad query %s", t[i].qs);
			continue;
		}
		in_init(&errs, NULL);
		got = page_choice(&r, &errs, "sort", sorts, 0);
		check_at(t[i].line, got == t[i].want, "%s: %d, want %d", t[i].qs,
		    got, t[i].want);
		check_at(t[i].line, strcmp(errors_of(&errs), t[i].errors) == 0,
		    "%s: errors %s, want %s", t[i].qs, errors_of(&errs), t[i].errors);
		in_free(&errs);
		req_free(&r);
	}
}

static void
test_json(void)
{
	static const struct {
		int		 line;
		long		 page, limit;
		long long	 total;
		const char	*json;
	} t[] = {
		{ __LINE__, 1, 20, 0, "{\"page\":1,\"limit\":20,\"total\":0,"
		    "\"totalPages\":0,\"hasNext\":false,\"hasPrev\":false}" },
		{ __LINE__, 1, 20, 20, "{\"page\":1,\"limit\":20,\"total\":20,"
		    "\"totalPages\":1,\"hasNext\":false,\"hasPrev\":false}" },
		{ __LINE__, 1, 20, 21, "{\"page\":1,\"limit\":20,\"total\":21,"
		    "\"totalPages\":2,\"hasNext\":true,\"hasPrev\":false}" },
		{ __LINE__, 2, 20, 45, "{\"page\":2,\"limit\":20,\"total\":45,"
		    "\"totalPages\":3,\"hasNext\":true,\"hasPrev\":true}" },
		{ __LINE__, 3, 20, 45, "{\"page\":3,\"limit\":20,\"total\":45,"
		    "\"totalPages\":3,\"hasNext\":false,\"hasPrev\":true}" },
		{ __LINE__, 9, 20, 45, "{\"page\":9,\"limit\":20,\"total\":45,"
		    "\"totalPages\":3,\"hasNext\":false,\"hasPrev\":true}" },
		{ __LINE__, 1, 1, 5000000000LL, "{\"page\":1,\"limit\":1,"
		    "\"total\":5000000000,\"totalPages\":5000000000,"
		    "\"hasNext\":true,\"hasPrev\":false}" },
	};
	struct page	 p;
	json_object	*o;
	const char	*s;
	size_t		 i;

	for (i = 0; i < NELEM(t); i++) {
		p.page = t[i].page;
		p.limit = t[i].limit;
		p.offset = (p.page - 1) * p.limit;
		o = page_json(&p, t[i].total);
		s = o == NULL ? "(null)" :
		    json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
		check_at(t[i].line, strcmp(s, t[i].json) == 0, "%s, want %s", s,
		    t[i].json);
		json_object_put(o);
	}
}

void
suite_page(void)
{
	static const struct {
		const char	*name;
		CU_TestFunc	 fn;
	} tests[] = {
		{ "page_parse", test_parse },
		{ "page_choice", test_choice },
		{ "page_json", test_json },
	};
	CU_pSuite	s;
	size_t		i;

	if ((s = CU_add_suite("page", NULL, NULL)) == NULL)
		return;
	for (i = 0; i < NELEM(tests); i++)
		if (CU_add_test(s, tests[i].name, tests[i].fn) == NULL)
			return;
}
