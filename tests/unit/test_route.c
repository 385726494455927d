/*
 * test_route.c: CUnit suite for lib/route (matching a method and path
 * against a route table).
 *
 * One table of requests -> expected outcome; a failure names the row's
 * line.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "route.h"

void	suite_route(void);

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

static int
h(struct req *r)
{
	(void)r;
	return 200;
}

/* Indexes into routes[], for the expectations. */
enum {
	R_ROOT, R_HEALTH, R_USERS, R_USERS_POST, R_ME, R_ME_PATCH, R_ME_PASSWORD,
	R_ID, R_ID_DELETE, R_ORG_USER, R_FOUR, R_FIVE, R_DEEP, R_NONE = -1
};

static const struct route routes[] = {
	[R_ROOT] =	{ REQ_GET, "/", h, 0, RL_DEFAULT },
	[R_HEALTH] =	{ REQ_GET, "/v1/health", h, ROUTE_NOLIMIT, RL_DEFAULT },
	[R_USERS] =	{ REQ_GET, "/v1/users", h, ROUTE_AUTH, RL_DEFAULT },
	[R_USERS_POST] = { REQ_POST, "/v1/users", h, ROUTE_AUTH, RL_DEFAULT },
	[R_ME] =	{ REQ_GET, "/v1/users/me", h, ROUTE_AUTH, RL_DEFAULT },
	[R_ME_PATCH] =	{ REQ_PATCH, "/v1/users/me", h, ROUTE_AUTH, RL_DEFAULT },
	[R_ME_PASSWORD] = { REQ_PUT, "/v1/users/me/password", h, ROUTE_AUTH,
	    RL_PASSWORD },
	[R_ID] =	{ REQ_GET, "/v1/users/:id", h, ROUTE_ADMIN, RL_DEFAULT },
	[R_ID_DELETE] =	{ REQ_DELETE, "/v1/users/:id", h, ROUTE_ADMIN, RL_DEFAULT },
	[R_ORG_USER] =	{ REQ_GET, "/v1/orgs/:org/users/:id", h, 0, RL_DEFAULT },
	[R_FOUR] =	{ REQ_PUT, "/v1/a/:p1/:p2/:p3/:p4", h, 0, RL_DEFAULT },
	/* More parameters than REQ_MAXPARAMS: never matches. */
	[R_FIVE] =	{ REQ_GET, "/v1/b/:p1/:p2/:p3/:p4/:p5", h, 0, RL_DEFAULT },
	/* 16 segments, the most a path may have. */
	[R_DEEP] =	{ REQ_GET, "/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16", h, 0,
	    RL_DEFAULT },
};

#define SIXTEEN	"/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16"

static void
test_match(void)
{
	static const struct {
		int		 line;
		enum req_method	 method;
		const char	*path;
		enum route_match want;
		int		 route;		/* R_NONE unless found */
		const char	*params;	/* "[p1][p2]" */
		const char	*allow;		/* for 404 and 405 */
	} t[] = {
		/* Literal paths. */
		{ __LINE__, REQ_GET, "/v1/health", ROUTE_FOUND, R_HEALTH, "", "" },
		{ __LINE__, REQ_GET, "/", ROUTE_FOUND, R_ROOT, "", "" },
		{ __LINE__, REQ_GET, "/v1/users", ROUTE_FOUND, R_USERS, "", "" },
		{ __LINE__, REQ_POST, "/v1/users", ROUTE_FOUND, R_USERS_POST, "", "" },
		{ __LINE__, REQ_GET, "/v1/users/me", ROUTE_FOUND, R_ME, "", "" },
		{ __LINE__, REQ_PATCH, "/v1/users/me", ROUTE_FOUND, R_ME_PATCH, "", "" },
		{ __LINE__, REQ_PUT, "/v1/users/me/password", ROUTE_FOUND,
		    R_ME_PASSWORD, "", "" },
		/* HEAD is answered by GET. */
		{ __LINE__, REQ_HEAD, "/v1/health", ROUTE_FOUND, R_HEALTH, "", "" },
		{ __LINE__, REQ_HEAD, "/v1/users/usr_1", ROUTE_FOUND, R_ID,
		    "[usr_1]", "" },
		/* Parameters, in order. */
		{ __LINE__, REQ_GET, "/v1/users/usr_k3x9", ROUTE_FOUND, R_ID,
		    "[usr_k3x9]", "" },
		{ __LINE__, REQ_DELETE, "/v1/users/usr_k3x9", ROUTE_FOUND,
		    R_ID_DELETE, "[usr_k3x9]", "" },
		{ __LINE__, REQ_DELETE, "/v1/users/me", ROUTE_FOUND, R_ID_DELETE,
		    "[me]", "" },
		{ __LINE__, REQ_GET, "/v1/orgs/org_1/users/usr_2", ROUTE_FOUND,
		    R_ORG_USER, "[org_1][usr_2]", "" },
		{ __LINE__, REQ_PUT, "/v1/a/w/x/y/z", ROUTE_FOUND, R_FOUR,
		    "[w][x][y][z]", "" },
		{ __LINE__, REQ_GET, "/v1/users/%2e%2e", ROUTE_FOUND, R_ID,
		    "[%2e%2e]", "" },
		{ __LINE__, REQ_GET, SIXTEEN, ROUTE_FOUND, R_DEEP, "", "" },
		/* 404. */
		{ __LINE__, REQ_GET, "/v1/unknown", ROUTE_NOT_FOUND, R_NONE, "", "" },
		{ __LINE__, REQ_GET, "/v1", ROUTE_NOT_FOUND, R_NONE, "", "" },
		{ __LINE__, REQ_GET, "/v2/health", ROUTE_NOT_FOUND, R_NONE, "", "" },
		{ __LINE__, REQ_GET, "/V1/health", ROUTE_NOT_FOUND, R_NONE, "", "" },
		{ __LINE__, REQ_GET, "/v1/healthz", ROUTE_NOT_FOUND, R_NONE, "", "" },
		{ __LINE__, REQ_GET, "/v1/health/x", ROUTE_NOT_FOUND, R_NONE, "", "" },
		{ __LINE__, REQ_GET, "/v1/users/me/password/x", ROUTE_NOT_FOUND,
		    R_NONE, "", "" },
		{ __LINE__, REQ_GET, "/v1/orgs/org_1/users", ROUTE_NOT_FOUND, R_NONE,
		    "", "" },
		{ __LINE__, REQ_GET, "/v1/b/1/2/3/4/5", ROUTE_NOT_FOUND, R_NONE, "",
		    "" },
		/* Trailing and double slashes are not ours. */
		{ __LINE__, REQ_GET, "/v1/health/", ROUTE_NOT_FOUND, R_NONE, "", "" },
		{ __LINE__, REQ_GET, "/v1/users/", ROUTE_NOT_FOUND, R_NONE, "", "" },
		{ __LINE__, REQ_GET, "/v1//health", ROUTE_NOT_FOUND, R_NONE, "", "" },
		{ __LINE__, REQ_GET, "/v1/users//me", ROUTE_NOT_FOUND, R_NONE, "", "" },
		{ __LINE__, REQ_GET, "/v1/users/me//", ROUTE_NOT_FOUND, R_NONE, "",
		    "" },
		{ __LINE__, REQ_GET, "//v1/health", ROUTE_NOT_FOUND, R_NONE, "", "" },
		{ __LINE__, REQ_GET, "//", ROUTE_NOT_FOUND, R_NONE, "", "" },
		/* Too many segments. */
		{ __LINE__, REQ_GET, SIXTEEN "/17", ROUTE_NOT_FOUND, R_NONE, "", "" },
		{ __LINE__, REQ_GET,
		    "/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a",
		    ROUTE_NOT_FOUND, R_NONE, "", "" },
		/* 405 with the Allow list, in table order. */
		{ __LINE__, REQ_POST, "/v1/health", ROUTE_BAD_METHOD, R_NONE, "",
		    "GET" },
		{ __LINE__, REQ_DELETE, "/v1/users", ROUTE_BAD_METHOD, R_NONE, "",
		    "GET, POST" },
		{ __LINE__, REQ_OPTIONS, "/v1/users", ROUTE_BAD_METHOD, R_NONE, "",
		    "GET, POST" },
		{ __LINE__, REQ_METHOD__MAX, "/v1/users", ROUTE_BAD_METHOD, R_NONE,
		    "", "GET, POST" },
		{ __LINE__, REQ_GET, "/v1/users/me/password", ROUTE_BAD_METHOD,
		    R_NONE, "", "PUT" },
		{ __LINE__, REQ_POST, "/v1/orgs/a/users/b", ROUTE_BAD_METHOD, R_NONE,
		    "", "GET" },
		{ __LINE__, REQ_PATCH, "/v1/users/usr_1", ROUTE_BAD_METHOD, R_NONE,
		    "", "GET, DELETE" },
		/* A literal and a parameter route both match: each method once. */
		{ __LINE__, REQ_PUT, "/v1/users/me", ROUTE_BAD_METHOD, R_NONE, "",
		    "GET, PATCH, DELETE" },
	};
	const struct route	*found;
	const char		*params[REQ_MAXPARAMS];
	enum route_match	 m;
	char			 path[256], allow[128], got[256];
	size_t			 i, k, o;
	int			 idx;

	for (i = 0; i < NELEM(t); i++) {
		snprintf(path, sizeof(path), "%s", t[i].path);
		memset(params, 0, sizeof(params));
		found = &routes[0];
		memset(allow, 'X', sizeof(allow));
		m = route_match(routes, NELEM(routes), t[i].method, path, &found,
		    params, allow, sizeof(allow));
		check_at(t[i].line, m == t[i].want, "%s %s: %d, want %d",
		    req_method_name(t[i].method), t[i].path, m, t[i].want);
		idx = found == NULL ? R_NONE : (int)(found - routes);
		check_at(t[i].line, idx == t[i].route, "%s %s: route %d, want %d",
		    req_method_name(t[i].method), t[i].path, idx, t[i].route);
		got[0] = '\0';
		if (m == ROUTE_FOUND)
			for (k = 0, o = 0; k < REQ_MAXPARAMS && params[k] != NULL; k++)
				o += (size_t)snprintf(got + o, sizeof(got) - o, "[%s]",
				    params[k]);
		check_at(t[i].line, strcmp(got, t[i].params) == 0,
		    "%s %s: params %s, want %s", req_method_name(t[i].method),
		    t[i].path, got, t[i].params);
		/* Allow is defined for 405; for 404 it is empty. */
		if (m != ROUTE_FOUND)
			check_at(t[i].line, strcmp(allow, t[i].allow) == 0,
			    "%s %s: allow \"%.*s\", want \"%s\"",
			    req_method_name(t[i].method), t[i].path,
			    (int)strnlen(allow, sizeof(allow)), allow, t[i].allow);
	}
}

/* The Allow list is cut to its buffer, never beyond; 0 bytes are untouched. */
static void
test_allow_small(void)
{
	const struct route	*found;
	const char		*params[REQ_MAXPARAMS];
	char			 path[64], allow[8];

	memset(allow, 'X', sizeof(allow));
	snprintf(path, sizeof(path), "/v1/users");
	CU_ASSERT_EQUAL(route_match(routes, NELEM(routes), REQ_PUT, path, &found,
	    params, allow, 5), ROUTE_BAD_METHOD);
	CU_ASSERT_STRING_EQUAL(allow, "GET,");
	CU_ASSERT_EQUAL(allow[5], 'X');

	memset(allow, 'X', sizeof(allow));
	snprintf(path, sizeof(path), "/v1/users");
	CU_ASSERT_EQUAL(route_match(routes, NELEM(routes), REQ_PUT, path, &found,
	    params, allow, 0), ROUTE_BAD_METHOD);
	CU_ASSERT_EQUAL(allow[0], 'X');

	/* An empty table finds nothing. */
	snprintf(path, sizeof(path), "/v1/users");
	CU_ASSERT_EQUAL(route_match(routes, 0, REQ_GET, path, &found, params,
	    allow, sizeof(allow)), ROUTE_NOT_FOUND);
	CU_ASSERT_PTR_NULL(found);
}

/* Parameters point into the path, which the match splits in place. */
static void
test_params_point_into_path(void)
{
	const struct route	*found;
	const char		*params[REQ_MAXPARAMS];
	char			 path[64], allow[64];

	snprintf(path, sizeof(path), "/v1/orgs/o/users/u");
	CU_ASSERT_EQUAL_FATAL(route_match(routes, NELEM(routes), REQ_GET, path,
	    &found, params, allow, sizeof(allow)), ROUTE_FOUND);
	CU_ASSERT(params[0] >= path && params[0] < path + sizeof(path));
	CU_ASSERT(params[1] >= path && params[1] < path + sizeof(path));
	CU_ASSERT_PTR_NULL(params[2]);
	CU_ASSERT_PTR_EQUAL(found, &routes[R_ORG_USER]);
	CU_ASSERT_EQUAL(found->flags, 0);
}

void
suite_route(void)
{
	static const struct {
		const char	*name;
		CU_TestFunc	 fn;
	} tests[] = {
		{ "route_match", test_match },
		{ "route_match small Allow buffer", test_allow_small },
		{ "route_match params point into path", test_params_point_into_path },
	};
	CU_pSuite	s;
	size_t		i;

	if ((s = CU_add_suite("route", NULL, NULL)) == NULL)
		return;
	for (i = 0; i < NELEM(tests); i++)
		if (CU_add_test(s, tests[i].name, tests[i].fn) == NULL)
			return;
}
