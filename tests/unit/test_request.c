/*
 * test_request.c: CUnit suite for lib/request (query strings, the
 * FastCGI parameters of a request, request ids, methods).
 *
 * Tables of input -> expected output; a failure names the row's line.
 * Every parsed request is released with req_free so that the suite runs
 * clean under ASan and valgrind.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "request.h"

void	suite_request(void);

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

static const char *
str_or_null(const char *s)
{
	return s == NULL ? "(null)" : s;
}

static bool
str_eq(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* The pairs as "[key][value]..." for comparison with a table. */
static void
kv_format(char *out, size_t sz, const struct req_kv *kv, size_t n)
{
	size_t	i, o = 0;

	out[0] = '\0';
	for (i = 0; i < n && o < sz; i++)
		o += (size_t)snprintf(out + o, sz - o, "[%s][%s]", kv[i].key,
		    kv[i].val);
}

static void
test_query_parse(void)
{
	static const struct {
		int		 line;
		const char	*qs;
		enum app_err	 rc;
		const char	*pairs;
	} t[] = {
		{ __LINE__, "", APP_OK, "" },
		{ __LINE__, "a=1", APP_OK, "[a][1]" },
		{ __LINE__, "a=1&b=2", APP_OK, "[a][1][b][2]" },
		{ __LINE__, "a=1&a=2", APP_OK, "[a][1][a][2]" },
		{ __LINE__, "page=2&limit=50&sort=createdAt", APP_OK,
		    "[page][2][limit][50][sort][createdAt]" },
		/* '+' is a space, %XX a byte, in keys and values. */
		{ __LINE__, "q=hello+world", APP_OK, "[q][hello world]" },
		{ __LINE__, "a+b=c+d", APP_OK, "[a b][c d]" },
		{ __LINE__, "q=a%20b%2Bc", APP_OK, "[q][a b+c]" },
		{ __LINE__, "q=%2b%2F%3d%26", APP_OK, "[q][+/=&]" },
		{ __LINE__, "%61%62=%63", APP_OK, "[ab][c]" },
		{ __LINE__, "q=%e2%82%ac", APP_OK, "[q][\xe2\x82\xac]" },
		{ __LINE__, "q=%2526", APP_OK, "[q][%26]" },	/* decoded once */
		{ __LINE__, "q=%26b&c=d", APP_OK, "[q][&b][c][d]" },
		{ __LINE__, "q=a=b", APP_OK, "[q][a=b]" },
		/* Empty values and keys without '='. */
		{ __LINE__, "a=", APP_OK, "[a][]" },
		{ __LINE__, "a", APP_OK, "[a][]" },
		{ __LINE__, "a&b=2", APP_OK, "[a][][b][2]" },
		{ __LINE__, "=1", APP_OK, "[][1]" },
		{ __LINE__, "=", APP_OK, "[][]" },
		/* Empty pairs are skipped. */
		{ __LINE__, "a=1&&b=2", APP_OK, "[a][1][b][2]" },
		{ __LINE__, "&&", APP_OK, "" },
		{ __LINE__, "&", APP_OK, "" },
		{ __LINE__, "&a=1&", APP_OK, "[a][1]" },
		/* Bad escapes. */
		{ __LINE__, "a=%G1", APP_ERR_INVALID, NULL },
		{ __LINE__, "a=%1G", APP_ERR_INVALID, NULL },
		{ __LINE__, "a=%4", APP_ERR_INVALID, NULL },
		{ __LINE__, "a=%", APP_ERR_INVALID, NULL },
		{ __LINE__, "a=%4&b=1", APP_ERR_INVALID, NULL },
		{ __LINE__, "a=%%41", APP_ERR_INVALID, NULL },
		{ __LINE__, "%G1=a", APP_ERR_INVALID, NULL },
		{ __LINE__, "%=a", APP_ERR_INVALID, NULL },
		{ __LINE__, "a=1&b=%zz", APP_ERR_INVALID, NULL },
		{ __LINE__, "a=1&b=2&c=%", APP_ERR_INVALID, NULL },
		/* An encoded NUL would cut the string short. */
		{ __LINE__, "a=%00", APP_ERR_INVALID, NULL },
		{ __LINE__, "a=x%00y", APP_ERR_INVALID, NULL },
		{ __LINE__, "%00=a", APP_ERR_INVALID, NULL },
		{ __LINE__, "a=1&b=%00", APP_ERR_INVALID, NULL },
	};
	static struct req_kv	 sentinel;
	struct req_kv		*kv;
	size_t			 i, n;
	enum app_err		 rc;
	char			 got[512];

	for (i = 0; i < NELEM(t); i++) {
		kv = &sentinel;		/* must be reset */
		n = 99;
		rc = req_query_parse(t[i].qs, &kv, &n);
		check_at(t[i].line, rc == t[i].rc, "req_query_parse(\"%s\") = %d, want %d",
		    t[i].qs, rc, t[i].rc);
		if (rc != APP_OK) {
			check_at(t[i].line, kv == NULL && n == 0,
			    "req_query_parse(\"%s\") failed but left %zu pairs",
			    t[i].qs, n);
			continue;
		}
		kv_format(got, sizeof(got), kv, n);
		if (t[i].pairs != NULL)
			check_at(t[i].line, strcmp(got, t[i].pairs) == 0,
			    "req_query_parse(\"%s\") = %s, want %s", t[i].qs, got,
			    t[i].pairs);
		req_kv_free(kv, n);
	}
}

/* NULL is an empty query; 64 pairs are accepted, 65 are not. */
static void
test_query_limits(void)
{
	struct req_kv	*kv;
	size_t		 n, i, o;
	char		 qs[1024];

	CU_ASSERT_EQUAL(req_query_parse(NULL, &kv, &n), APP_OK);
	CU_ASSERT_PTR_NULL(kv);
	CU_ASSERT_EQUAL(n, 0);

	for (i = 0, o = 0; i < 64; i++)
		o += (size_t)snprintf(qs + o, sizeof(qs) - o, "%sk%zu=%zu",
		    i ? "&" : "", i, i);
	CU_ASSERT_EQUAL_FATAL(req_query_parse(qs, &kv, &n), APP_OK);
	CU_ASSERT_EQUAL(n, 64);
	if (n == 64) {
		CU_ASSERT_STRING_EQUAL(kv[63].key, "k63");
		CU_ASSERT_STRING_EQUAL(kv[63].val, "63");
	}
	req_kv_free(kv, n);

	/* Empty pairs do not count. */
	snprintf(qs + o, sizeof(qs) - o, "&&&");
	CU_ASSERT_EQUAL(req_query_parse(qs, &kv, &n), APP_OK);
	CU_ASSERT_EQUAL(n, 64);
	req_kv_free(kv, n);

	snprintf(qs + o, sizeof(qs) - o, "&k64=64");
	CU_ASSERT_EQUAL(req_query_parse(qs, &kv, &n), APP_ERR_INVALID);
	CU_ASSERT_PTR_NULL(kv);
	CU_ASSERT_EQUAL(n, 0);

	/* 300 pairs: rejected, not all parsed. */
	for (i = 0, o = 0; i < 300; i++)
		o += (size_t)snprintf(qs + o, sizeof(qs) - o, "a&");
	CU_ASSERT_EQUAL(req_query_parse(qs, &kv, &n), APP_ERR_INVALID);

	req_kv_free(NULL, 0);
}

#define TRUSTED	"10.0.0.1,10.0.0.2,fd00::1"

/* arg is a comma-separated list of trusted addresses. */
static int
trusted_list(const void *arg, const char *addr)
{
	const char	*p = arg, *e;
	size_t		 n = strlen(addr);

	while (*p != '\0') {
		e = strchr(p, ',');
		if (e == NULL)
			e = p + strlen(p);
		if ((size_t)(e - p) == n && strncmp(p, addr, n) == 0)
			return 1;
		p = *e ? e + 1 : e;
	}
	return 0;
}

#define ENVMAX	8
#define LONGHOP	"1111111111111111111111111111111111111111111111111111111111111111"

static void
test_parse(void)
{
	static const struct {
		int		 line;
		const char	*env[ENVMAX];	/* NULL-terminated */
		enum app_err	 rc;
		enum req_method	 method;
		const char	*method_name;
		const char	*path;
		const char	*query;		/* "[k][v]..." */
		long long	 clen;
		const char	*rid;
		const char	*ip;
	} t[] = {
		/* Method. */
		{ __LINE__, { "REQUEST_METHOD=GET", "REQUEST_URI=/v1/health",
		    "REMOTE_ADDR=1.2.3.4" }, APP_OK, REQ_GET, "GET",
		    "/v1/health", "", -1, "", "1.2.3.4" },
		{ __LINE__, { "REQUEST_METHOD=POST", "REQUEST_URI=/v1/auth/login",
		    "CONTENT_LENGTH=42", "REMOTE_ADDR=1.2.3.4" }, APP_OK, REQ_POST,
		    "POST", "/v1/auth/login", "", 42, "", "1.2.3.4" },
		{ __LINE__, { "REQUEST_METHOD=PATCH", "REQUEST_URI=/v1/users/me" },
		    APP_OK, REQ_PATCH, "PATCH", "/v1/users/me", "", -1, "", "-" },
		{ __LINE__, { "REQUEST_METHOD=BREW", "REQUEST_URI=/" }, APP_OK,
		    REQ_METHOD__MAX, "BREW", "/", "", -1, "", "-" },
		{ __LINE__, { "REQUEST_METHOD=get", "REQUEST_URI=/" }, APP_OK,
		    REQ_METHOD__MAX, "get", "/", "", -1, "", "-" },
		{ __LINE__, { "REQUEST_URI=/" }, APP_OK, REQ_METHOD__MAX, "-", "/",
		    "", -1, "", "-" },
		/* REQUEST_URI with and without a query. */
		{ __LINE__, { "REQUEST_METHOD=GET",
		    "REQUEST_URI=/v1/users?page=2&limit=10" }, APP_OK, REQ_GET,
		    "GET", "/v1/users", "[page][2][limit][10]", -1, "", "-" },
		{ __LINE__, { "REQUEST_METHOD=GET", "REQUEST_URI=/v1/users?" },
		    APP_OK, REQ_GET, "GET", "/v1/users", "", -1, "", "-" },
		{ __LINE__, { "REQUEST_METHOD=GET", "REQUEST_URI=/v1/a%20b?q=a%20b" },
		    APP_OK, REQ_GET, "GET", "/v1/a%20b", "[q][a b]", -1, "", "-" },
		{ __LINE__, { "REQUEST_METHOD=GET", "REQUEST_URI=/?a?b=c" }, APP_OK,
		    REQ_GET, "GET", "/", "[a?b][c]", -1, "", "-" },
		{ __LINE__, { "REQUEST_METHOD=GET" }, APP_OK, REQ_GET, "GET", "/",
		    "", -1, "", "-" },
		{ __LINE__, { "REQUEST_METHOD=GET", "REQUEST_URI=" }, APP_OK, REQ_GET,
		    "GET", "/", "", -1, "", "-" },
		{ __LINE__, { "REQUEST_METHOD=GET", "REQUEST_URI=v1/users" }, APP_OK,
		    REQ_GET, "GET", "/", "", -1, "", "-" },
		{ __LINE__, { "REQUEST_METHOD=GET", "REQUEST_URI=/x?a=%G1" },
		    APP_ERR_INVALID, REQ_GET, "GET", "/x", NULL, -1, "", "-" },
		{ __LINE__, { "REQUEST_METHOD=GET", "REQUEST_URI=/x?a=%00" },
		    APP_ERR_INVALID, REQ_GET, "GET", "/x", NULL, -1, "", "-" },
		/* CONTENT_LENGTH. */
		{ __LINE__, { "REQUEST_METHOD=POST", "REQUEST_URI=/",
		    "CONTENT_LENGTH=0" }, APP_OK, REQ_POST, "POST", "/", "", 0, "",
		    "-" },
		{ __LINE__, { "REQUEST_METHOD=POST", "REQUEST_URI=/",
		    "CONTENT_LENGTH=" }, APP_OK, REQ_POST, "POST", "/", "", -1, "",
		    "-" },
		{ __LINE__, { "REQUEST_METHOD=POST", "REQUEST_URI=/",
		    "CONTENT_LENGTH=1048576" }, APP_OK, REQ_POST, "POST", "/", "",
		    1048576, "", "-" },
		{ __LINE__, { "REQUEST_METHOD=POST", "REQUEST_URI=/",
		    "CONTENT_LENGTH=abc" }, APP_ERR_INVALID, REQ_POST, "POST", "/",
		    NULL, 0, "", "-" },
		{ __LINE__, { "REQUEST_METHOD=POST", "REQUEST_URI=/",
		    "CONTENT_LENGTH=12abc" }, APP_ERR_INVALID, REQ_POST, "POST", "/",
		    NULL, 0, "", "-" },
		{ __LINE__, { "REQUEST_METHOD=POST", "REQUEST_URI=/",
		    "CONTENT_LENGTH=-1" }, APP_ERR_INVALID, REQ_POST, "POST", "/",
		    NULL, 0, "", "-" },
		{ __LINE__, { "REQUEST_METHOD=POST", "REQUEST_URI=/",
		    "CONTENT_LENGTH=-5" }, APP_ERR_INVALID, REQ_POST, "POST", "/",
		    NULL, 0, "", "-" },
		{ __LINE__, { "REQUEST_METHOD=POST", "REQUEST_URI=/",
		    "CONTENT_LENGTH=5 " }, APP_ERR_INVALID, REQ_POST, "POST", "/",
		    NULL, 0, "", "-" },
		/* X-Request-ID is kept only when sane. */
		{ __LINE__, { "REQUEST_METHOD=GET", "REQUEST_URI=/",
		    "HTTP_X_REQUEST_ID=abc-123_x.y" }, APP_OK, REQ_GET, "GET", "/",
		    "", -1, "abc-123_x.y", "-" },
		{ __LINE__, { "REQUEST_METHOD=GET", "REQUEST_URI=/",
		    "HTTP_X_REQUEST_ID=has space" }, APP_OK, REQ_GET, "GET", "/",
		    "", -1, "", "-" },
		{ __LINE__, { "REQUEST_METHOD=GET", "REQUEST_URI=/",
		    "HTTP_X_REQUEST_ID=a\r\nSet-Cookie: x" }, APP_OK, REQ_GET, "GET",
		    "/", "", -1, "", "-" },
		{ __LINE__, { "REQUEST_METHOD=GET", "REQUEST_URI=/",
		    "HTTP_X_REQUEST_ID=" }, APP_OK, REQ_GET, "GET", "/", "", -1, "",
		    "-" },
		{ __LINE__, { "REQUEST_METHOD=GET", "REQUEST_URI=/",
		    "HTTP_X_REQUEST_ID=" LONGHOP }, APP_OK, REQ_GET, "GET", "/", "",
		    -1, LONGHOP, "-" },
		{ __LINE__, { "REQUEST_METHOD=GET", "REQUEST_URI=/",
		    "HTTP_X_REQUEST_ID=" LONGHOP "1" }, APP_OK, REQ_GET, "GET", "/",
		    "", -1, "", "-" },
		/* Client IP: the peer alone. */
		{ __LINE__, { "REQUEST_METHOD=GET", "REMOTE_ADDR=10.0.0.1" }, APP_OK,
		    REQ_GET, "GET", "/", "", -1, "", "10.0.0.1" },
		/* X-Forwarded-For from an untrusted peer is ignored. */
		{ __LINE__, { "REQUEST_METHOD=GET", "REMOTE_ADDR=1.2.3.4",
		    "HTTP_X_FORWARDED_FOR=5.6.7.8" }, APP_OK, REQ_GET, "GET", "/", "",
		    -1, "", "1.2.3.4" },
		{ __LINE__, { "REQUEST_METHOD=GET", "REMOTE_ADDR=1.2.3.4",
		    "HTTP_X_FORWARDED_FOR=5.6.7.8, 10.0.0.1" }, APP_OK, REQ_GET, "GET",
		    "/", "", -1, "", "1.2.3.4" },
		/* From a trusted peer: the rightmost untrusted hop. */
		{ __LINE__, { "REQUEST_METHOD=GET", "REMOTE_ADDR=10.0.0.1",
		    "HTTP_X_FORWARDED_FOR=5.6.7.8" }, APP_OK, REQ_GET, "GET", "/", "",
		    -1, "", "5.6.7.8" },
		{ __LINE__, { "REQUEST_METHOD=GET", "REMOTE_ADDR=10.0.0.1",
		    "HTTP_X_FORWARDED_FOR=6.6.6.6, 5.6.7.8" }, APP_OK, REQ_GET, "GET",
		    "/", "", -1, "", "5.6.7.8" },
		{ __LINE__, { "REQUEST_METHOD=GET", "REMOTE_ADDR=10.0.0.1",
		    "HTTP_X_FORWARDED_FOR=6.6.6.6, 5.6.7.8, 10.0.0.2" }, APP_OK,
		    REQ_GET, "GET", "/", "", -1, "", "5.6.7.8" },
		{ __LINE__, { "REQUEST_METHOD=GET", "REMOTE_ADDR=10.0.0.1",
		    "HTTP_X_FORWARDED_FOR=6.6.6.6,5.6.7.8,10.0.0.2,10.0.0.1" }, APP_OK,
		    REQ_GET, "GET", "/", "", -1, "", "5.6.7.8" },
		{ __LINE__, { "REQUEST_METHOD=GET", "REMOTE_ADDR=10.0.0.1",
		    "HTTP_X_FORWARDED_FOR=  5.6.7.8  " }, APP_OK, REQ_GET, "GET", "/",
		    "", -1, "", "5.6.7.8" },
		{ __LINE__, { "REQUEST_METHOD=GET", "REMOTE_ADDR=10.0.0.1",
		    "HTTP_X_FORWARDED_FOR=2001:db8::1" }, APP_OK, REQ_GET, "GET", "/",
		    "", -1, "", "2001:db8::1" },
		{ __LINE__, { "REQUEST_METHOD=GET", "REMOTE_ADDR=fd00::1",
		    "HTTP_X_FORWARDED_FOR=5.6.7.8" }, APP_OK, REQ_GET, "GET", "/", "",
		    -1, "", "5.6.7.8" },
		/* Every hop trusted: the leftmost. */
		{ __LINE__, { "REQUEST_METHOD=GET", "REMOTE_ADDR=10.0.0.1",
		    "HTTP_X_FORWARDED_FOR=10.0.0.2" }, APP_OK, REQ_GET, "GET", "/", "",
		    -1, "", "10.0.0.2" },
		/* A garbage hop stops the walk at the last address believed. */
		{ __LINE__, { "REQUEST_METHOD=GET", "REMOTE_ADDR=10.0.0.1",
		    "HTTP_X_FORWARDED_FOR=5.6.7.8, evil" }, APP_OK, REQ_GET, "GET",
		    "/", "", -1, "", "10.0.0.1" },
		{ __LINE__, { "REQUEST_METHOD=GET", "REMOTE_ADDR=10.0.0.1",
		    "HTTP_X_FORWARDED_FOR=5.6.7.8, <script>, 10.0.0.2" }, APP_OK,
		    REQ_GET, "GET", "/", "", -1, "", "10.0.0.2" },
		{ __LINE__, { "REQUEST_METHOD=GET", "REMOTE_ADDR=10.0.0.1",
		    "HTTP_X_FORWARDED_FOR=1.2.3.4 5.6.7.8" }, APP_OK, REQ_GET, "GET",
		    "/", "", -1, "", "10.0.0.1" },
		{ __LINE__, { "REQUEST_METHOD=GET", "REMOTE_ADDR=10.0.0.1",
		    "HTTP_X_FORWARDED_FOR=5.6.7.8, " }, APP_OK, REQ_GET, "GET", "/",
		    "", -1, "", "10.0.0.1" },
		{ __LINE__, { "REQUEST_METHOD=GET", "REMOTE_ADDR=10.0.0.1",
		    "HTTP_X_FORWARDED_FOR=5.6.7.8,,10.0.0.2" }, APP_OK, REQ_GET, "GET",
		    "/", "", -1, "", "10.0.0.2" },
		{ __LINE__, { "REQUEST_METHOD=GET", "REMOTE_ADDR=10.0.0.1",
		    "HTTP_X_FORWARDED_FOR=" }, APP_OK, REQ_GET, "GET", "/", "", -1, "",
		    "10.0.0.1" },
		{ __LINE__, { "REQUEST_METHOD=GET", "REMOTE_ADDR=10.0.0.1",
		    "HTTP_X_FORWARDED_FOR=" LONGHOP }, APP_OK, REQ_GET, "GET", "/", "",
		    -1, "", "10.0.0.1" },
		/* No peer: no forwarding either. */
		{ __LINE__, { "REQUEST_METHOD=GET", "HTTP_X_FORWARDED_FOR=5.6.7.8" },
		    APP_OK, REQ_GET, "GET", "/", "", -1, "", "-" },
	};
	char		*env[ENVMAX + 1];
	struct req	 r;
	enum app_err	 rc;
	char		 got[512];
	size_t		 i, k;

	for (i = 0; i < NELEM(t); i++) {
		for (k = 0; k < ENVMAX && t[i].env[k] != NULL; k++)
			env[k] = (char *)t[i].env[k];
		env[k] = NULL;
		memset(&r, 0, sizeof(r));
		rc = req_parse(&r, env, trusted_list, TRUSTED);
		check_at(t[i].line, rc == t[i].rc, "req_parse = %d, want %d", rc,
		    t[i].rc);
		check_at(t[i].line, r.method == t[i].method, "method %d, want %d",
		    r.method, t[i].method);
		check_at(t[i].line, str_eq(r.method_name, t[i].method_name),
		    "method_name \"%s\", want \"%s\"", str_or_null(r.method_name),
		    t[i].method_name);
		check_at(t[i].line, str_eq(r.path, t[i].path),
		    "path \"%s\", want \"%s\"", str_or_null(r.path), t[i].path);
		if (rc == APP_OK) {
			kv_format(got, sizeof(got), r.query, r.nquery);
			check_at(t[i].line, strcmp(got, t[i].query) == 0,
			    "query %s, want %s", got, t[i].query);
			check_at(t[i].line, r.content_length == t[i].clen,
			    "content_length %lld, want %lld", r.content_length,
			    t[i].clen);
			check_at(t[i].line, strcmp(r.rid, t[i].rid) == 0,
			    "rid \"%s\", want \"%s\"", r.rid, t[i].rid);
			check_at(t[i].line, strcmp(r.client_ip, t[i].ip) == 0,
			    "client_ip \"%s\", want \"%s\"", r.client_ip, t[i].ip);
		}
		req_free(&r);
		check_at(t[i].line, r.path == NULL && r.query == NULL && r.nquery == 0,
		    "req_free left the request dirty");
	}
}

/* Without a trust callback X-Forwarded-For is never believed. */
static void
test_parse_untrusted(void)
{
	char		*env[] = { (char *)"REQUEST_METHOD=GET",
	    (char *)"REMOTE_ADDR=10.0.0.1", (char *)"HTTP_X_FORWARDED_FOR=5.6.7.8",
	    NULL };
	struct req	 r;

	memset(&r, 0, sizeof(r));
	CU_ASSERT_EQUAL(req_parse(&r, env, NULL, NULL), APP_OK);
	CU_ASSERT_STRING_EQUAL(r.client_ip, "10.0.0.1");
	req_free(&r);

	/* A peer the callback does not list. */
	memset(&r, 0, sizeof(r));
	CU_ASSERT_EQUAL(req_parse(&r, env, trusted_list, "10.0.0.9"), APP_OK);
	CU_ASSERT_STRING_EQUAL(r.client_ip, "10.0.0.1");
	req_free(&r);
	req_free(NULL);
}

/* The headers a handler reads, and the NULL environment. */
static void
test_parse_headers(void)
{
	char		*env[] = {
		(char *)"REQUEST_METHOD=POST",
		(char *)"REQUEST_URI=/v1/auth/login?next=%2Fhome",
		(char *)"CONTENT_TYPE=application/json",
		(char *)"CONTENT_LENGTH=17",
		(char *)"HTTP_AUTHORIZATION=Bearer abc.def.ghi",
		(char *)"HTTP_COOKIE=rt=xyz",
		(char *)"HTTP_X_ASSESSMENT_TOKEN=asm_x_y",
		(char *)"HTTP_ORIGIN=https://app.example.com",
		(char *)"HTTP_USER_AGENT=curl/8.0",
		(char *)"HTTPS=on",
		(char *)"REMOTE_ADDR=192.0.2.7",
		NULL
	};
	char		*env2[] = { (char *)"REQUEST_METHOD=GET",
	    (char *)"CONTENT_TYPE=", (char *)"HTTPS=off", NULL };
	char		*env3[] = { (char *)"HTTPS=1", NULL };
	struct req	 r;

	memset(&r, 0, sizeof(r));
	CU_ASSERT_EQUAL_FATAL(req_parse(&r, env, NULL, NULL), APP_OK);
	CU_ASSERT_STRING_EQUAL(r.content_type, "application/json");
	CU_ASSERT_EQUAL(r.content_length, 17);
	CU_ASSERT_STRING_EQUAL(r.authorization, "Bearer abc.def.ghi");
	CU_ASSERT_STRING_EQUAL(r.cookie, "rt=xyz");
	CU_ASSERT_STRING_EQUAL(r.assessment_token, "asm_x_y");
	CU_ASSERT_STRING_EQUAL(r.origin, "https://app.example.com");
	CU_ASSERT_STRING_EQUAL(r.user_agent, "curl/8.0");
	CU_ASSERT_TRUE(r.https);
	CU_ASSERT_STRING_EQUAL(r.client_ip, "192.0.2.7");
	CU_ASSERT_STRING_EQUAL(str_or_null(req_query(&r, "next")), "/home");
	CU_ASSERT_PTR_NULL(req_query(&r, "missing"));
	CU_ASSERT_PTR_NULL(req_query(&r, "nex"));
	req_free(&r);

	memset(&r, 0, sizeof(r));
	CU_ASSERT_EQUAL_FATAL(req_parse(&r, env2, NULL, NULL), APP_OK);
	CU_ASSERT_PTR_NULL(r.content_type);
	CU_ASSERT_PTR_NULL(r.authorization);
	CU_ASSERT_PTR_NULL(r.cookie);
	CU_ASSERT_FALSE(r.https);
	CU_ASSERT_EQUAL(r.content_length, -1);
	req_free(&r);

	memset(&r, 0, sizeof(r));
	CU_ASSERT_EQUAL_FATAL(req_parse(&r, env3, NULL, NULL), APP_OK);
	CU_ASSERT_TRUE(r.https);
	req_free(&r);

	memset(&r, 0, sizeof(r));
	CU_ASSERT_EQUAL_FATAL(req_parse(&r, NULL, NULL, NULL), APP_OK);
	CU_ASSERT_STRING_EQUAL(r.path, "/");
	CU_ASSERT_STRING_EQUAL(r.client_ip, "-");
	req_free(&r);
}

/* req_free releases everything the loop may have attached. */
static void
test_free_owned(void)
{
	char		*env[] = { (char *)"REQUEST_METHOD=GET",
	    (char *)"REQUEST_URI=/a/b?x=1&y=2", NULL };
	struct req	 r;

	memset(&r, 0, sizeof(r));
	CU_ASSERT_EQUAL_FATAL(req_parse(&r, env, NULL, NULL), APP_OK);
	r.segs = strdup("a\0b");
	r.body = strdup("{}");
	r.json = json_object_new_object();
	r.out = json_object_new_array();
	r.raw = strdup("%PDF");
	req_free(&r);
	CU_ASSERT_PTR_NULL(r.segs);
	CU_ASSERT_PTR_NULL(r.json);
	CU_ASSERT_PTR_NULL(r.out);
}

static void
test_env(void)
{
	char	*env[] = { (char *)"A=1", (char *)"AB=2", (char *)"B=",
	    (char *)"C", NULL };

	CU_ASSERT_STRING_EQUAL(str_or_null(req_env(env, "A")), "1");
	CU_ASSERT_STRING_EQUAL(str_or_null(req_env(env, "AB")), "2");
	CU_ASSERT_STRING_EQUAL(str_or_null(req_env(env, "B")), "");
	CU_ASSERT_PTR_NULL(req_env(env, "C"));
	CU_ASSERT_PTR_NULL(req_env(env, "D"));
	CU_ASSERT_PTR_NULL(req_env(NULL, "A"));
}

static void
test_rid_valid(void)
{
	static const struct {
		int		 line;
		const char	*s;
		bool		 ok;
	} t[] = {
		{ __LINE__, "a", true },
		{ __LINE__, "abc-123", true },
		{ __LINE__, "A.B_C-9", true },
		{ __LINE__, "550e8400-e29b-41d4-a716-446655440000", true },
		{ __LINE__, LONGHOP, true },			/* 64 */
		{ __LINE__, LONGHOP "1", false },		/* 65 */
		{ __LINE__, "", false },
		{ __LINE__, NULL, false },
		{ __LINE__, "a b", false },
		{ __LINE__, "a\tb", false },
		{ __LINE__, "a\r\nX-Injected: 1", false },
		{ __LINE__, "a/b", false },
		{ __LINE__, "a:b", false },
		{ __LINE__, "a\"b", false },
		{ __LINE__, "\xc3\xa9", false },
		{ __LINE__, "a%20b", false },
		{ __LINE__, "a+b", false },
	};
	size_t	i;
	bool	ok;

	for (i = 0; i < NELEM(t); i++) {
		ok = req_rid_valid(t[i].s);
		check_at(t[i].line, ok == t[i].ok, "req_rid_valid(\"%s\") = %d",
		    str_or_null(t[i].s), ok);
	}
}

static void
test_method(void)
{
	static const struct {
		int		 line;
		const char	*s;
		enum req_method	 m;
	} t[] = {
		{ __LINE__, "GET", REQ_GET },
		{ __LINE__, "POST", REQ_POST },
		{ __LINE__, "PUT", REQ_PUT },
		{ __LINE__, "PATCH", REQ_PATCH },
		{ __LINE__, "DELETE", REQ_DELETE },
		{ __LINE__, "HEAD", REQ_HEAD },
		{ __LINE__, "OPTIONS", REQ_OPTIONS },
		{ __LINE__, "get", REQ_METHOD__MAX },
		{ __LINE__, "Get", REQ_METHOD__MAX },
		{ __LINE__, "GET ", REQ_METHOD__MAX },
		{ __LINE__, "GETS", REQ_METHOD__MAX },
		{ __LINE__, "GE", REQ_METHOD__MAX },
		{ __LINE__, "TRACE", REQ_METHOD__MAX },
		{ __LINE__, "CONNECT", REQ_METHOD__MAX },
		{ __LINE__, "", REQ_METHOD__MAX },
		{ __LINE__, NULL, REQ_METHOD__MAX },
	};
	enum req_method	 m;
	size_t		 i;

	for (i = 0; i < NELEM(t); i++) {
		m = req_method_parse(t[i].s);
		check_at(t[i].line, m == t[i].m, "req_method_parse(\"%s\") = %d, want %d",
		    str_or_null(t[i].s), m, t[i].m);
		if (m != REQ_METHOD__MAX)
			check_at(t[i].line, strcmp(req_method_name(m), t[i].s) == 0,
			    "req_method_name(%d) = \"%s\"", m, req_method_name(m));
	}
	CU_ASSERT_STRING_EQUAL(req_method_name(REQ_METHOD__MAX), "?");
	CU_ASSERT_STRING_EQUAL(req_method_name((enum req_method)-1), "?");
}

void
suite_request(void)
{
	static const struct {
		const char	*name;
		CU_TestFunc	 fn;
	} tests[] = {
		{ "req_query_parse", test_query_parse },
		{ "req_query_parse limits", test_query_limits },
		{ "req_parse", test_parse },
		{ "req_parse without trust", test_parse_untrusted },
		{ "req_parse headers", test_parse_headers },
		{ "req_free owned fields", test_free_owned },
		{ "req_env", test_env },
		{ "req_rid_valid", test_rid_valid },
		{ "req_method_parse", test_method },
	};
	CU_pSuite	s;
	size_t		i;

	if ((s = CU_add_suite("request", NULL, NULL)) == NULL)
		return;
	for (i = 0; i < NELEM(tests); i++)
		if (CU_add_test(s, tests[i].name, tests[i].fn) == NULL)
			return;
}
