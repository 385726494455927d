/*
 * Suite "health": the health check and what every route shares (common
 * headers, request ids, routing errors, body parsing errors).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <CUnit/CUnit.h>

#include "client.h"

/*
 * GET /v1/health answers 200 {"status":"ok","database":"ok"}.  It is the
 * one route without a rate limit (load balancers poll it every few
 * seconds from one address), so it has no X-RateLimit headers.
 */
static void
test_health_ok(void)
{
	struct tres	 r = {0};

	t_req(&r, "GET", "/v1/health", NULL, NULL);
	if (T_STATUS(&r, 200)) {
		T_STR(&r, "status", "ok");
		T_STR(&r, "database", "ok");
		T_CHECK(&r, t_is_request_id(t_header(&r, "X-Request-ID")));
		T_CHECK(&r, t_header(&r, "X-Content-Type-Options") != NULL);
		T_CHECK(&r, t_header(&r, "X-RateLimit-Limit") == NULL);
	}
	t_free(&r);
}

/*
 * Every response, whatever its status, carries the common headers:
 * one sample per status class the auth and users routes produce.
 */
static void
test_common_headers(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	char		 email[128];

	snprintf(email, sizeof(email), "%s", t_unique_email());
	t_req(&r, "POST", "/v1/auth/register", NULL,
	    "{\"email\":%s,\"password\":%s,\"firstName\":\"Ada\","
	    "\"lastName\":\"Headers\"}", t_q(email), t_q(T_PASSWORD));
	if (T_STATUS(&r, 201))
		T_COMMON(&r);
	t_req(&r, "POST", "/v1/auth/register", NULL,
	    "{\"email\":%s,\"password\":%s,\"firstName\":\"Ada\","
	    "\"lastName\":\"Headers\"}", t_q(email), t_q(T_PASSWORD));
	if (T_STATUS(&r, 409))
		T_COMMON(&r);
	t_req(&r, "POST", "/v1/auth/login", NULL, "{}");
	if (T_STATUS(&r, 400))
		T_COMMON(&r);
	t_req(&r, "GET", "/v1/users/me", NULL, NULL);
	if (T_STATUS(&r, 401))
		T_COMMON(&r);
	t_req(&r, "GET", "/v1/nope", NULL, NULL);
	if (T_STATUS(&r, 404))
		T_COMMON(&r);
	t_req(&r, "GET", "/v1/auth/login", NULL, NULL);
	if (T_STATUS(&r, 405))
		T_COMMON(&r);
	t_req_raw(&r, "POST", "/v1/auth/login", NULL, NULL, "text/plain",
	    "{}", 2);
	if (T_STATUS(&r, 415))
		T_COMMON(&r);

	if (t_register(&u) == 0) {
		t_req(&r, "GET", "/v1/users/me", u.access, NULL);
		if (T_STATUS(&r, 200))
			T_COMMON(&r);
		t_req(&r, "POST", "/v1/auth/logout", u.access, NULL);
		if (T_STATUS(&r, 204))
			T_COMMON(&r);
		T_CHECK(&r, t_header(&r, "Content-Length") == NULL ||
		    strcmp(t_header(&r, "Content-Length"), "0") == 0);
	}
	t_free(&r);
}

/* A sane client X-Request-ID (1-64 of [A-Za-z0-9._-]) comes back as is. */
static void
test_request_id_echoed(void)
{
	static const char *const ids[] = {
		"a",
		"rise-test_1.A",
		"0123456789012345678901234567890123456789012345678901234567890123",
	};
	struct tres	 r = {0};
	char		 h[128];
	const char	*hdrs[] = { h, NULL };
	size_t		 i;

	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		snprintf(h, sizeof(h), "X-Request-ID: %s", ids[i]);
		t_reqh(&r, "GET", "/v1/health", NULL, hdrs, NULL);
		T_CHECKF(&r, t_header(&r, "X-Request-ID") != NULL &&
		    strcmp(t_header(&r, "X-Request-ID"), ids[i]) == 0,
		    "X-Request-ID \"%s\" is echoed", ids[i]);
	}
	/* Also on errors. */
	snprintf(h, sizeof(h), "X-Request-ID: err-id-1");
	t_reqh(&r, "GET", "/v1/nope", NULL, hdrs, NULL);
	T_STATUS(&r, 404);
	T_CHECK(&r, t_header(&r, "X-Request-ID") != NULL &&
	    strcmp(t_header(&r, "X-Request-ID"), "err-id-1") == 0);
	t_free(&r);
}

/* An insane X-Request-ID is replaced by a generated, sane one. */
static void
test_request_id_replaced(void)
{
	static const char *const ids[] = {
		"X-Request-ID;",	/* present but empty */
		("X-Request-ID: "	/* 65 characters */
		    "01234567890123456789012345678901234567890123456789012345678901234"),
		"X-Request-ID: bad id!",
		"X-Request-ID: <script>alert(1)</script>",
		"X-Request-ID: a/b",
		"X-Request-ID: caf\xc3\xa9",
	};
	struct tres	 r = {0};
	const char	*hdrs[2] = { NULL, NULL }, *sent, *got;
	size_t		 i;

	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		hdrs[0] = ids[i];
		t_reqh(&r, "GET", "/v1/health", NULL, hdrs, NULL);
		sent = strchr(ids[i], ':') != NULL ?
		    strchr(ids[i], ':') + 2 : "";
		got = t_header(&r, "X-Request-ID");
		T_CHECKF(&r, t_is_request_id(got) && strcmp(got, sent) != 0,
		    "for \"%s\" a generated id, got \"%s\"", ids[i],
		    got != NULL ? got : "(absent)");
	}
	t_free(&r);
}

/* Without X-Request-ID each response gets its own generated id. */
static void
test_request_id_generated(void)
{
	struct tres	 a = {0}, b = {0};
	const char	*ia, *ib;

	t_req(&a, "GET", "/v1/health", NULL, NULL);
	t_req(&b, "GET", "/v1/health", NULL, NULL);
	ia = t_header(&a, "X-Request-ID");
	ib = t_header(&b, "X-Request-ID");
	T_CHECK(&a, t_is_request_id(ia));
	T_CHECK(&b, t_is_request_id(ib));
	T_CHECKF(&b, ia != NULL && ib != NULL && strcmp(ia, ib) != 0,
	    "two requests, two ids (\"%s\", \"%s\")", ia ? ia : "",
	    ib ? ib : "");
	t_free(&a);
	t_free(&b);
}

/* Unknown routes are 404 NOT_FOUND with the JSON envelope. */
static void
test_unknown_route(void)
{
	static const char *const paths[] = {
		"/v1/nope", "/v1/auth/nope", "/v1/users/nope",
		"/v1/users/me/nope", "/v1/healthz",
	};
	struct tres	 r = {0};
	size_t		 i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		t_req(&r, "GET", paths[i], NULL, NULL);
		T_ERROR(&r, 404, "NOT_FOUND");
	}
	t_req(&r, "POST", "/v1/nope", NULL, "{}");
	T_ERROR(&r, 404, "NOT_FOUND");
	t_free(&r);
}

/* A known route with the wrong method is 405 METHOD_NOT_ALLOWED. */
static void
test_method_not_allowed(void)
{
	struct tres	 r = {0};
	struct tuser	 u;

	t_req(&r, "GET", "/v1/auth/login", NULL, NULL);
	T_ERROR(&r, 405, "METHOD_NOT_ALLOWED");
	t_req(&r, "GET", "/v1/auth/register", NULL, NULL);
	T_ERROR(&r, 405, "METHOD_NOT_ALLOWED");
	t_req(&r, "DELETE", "/v1/auth/refresh", NULL, NULL);
	T_ERROR(&r, 405, "METHOD_NOT_ALLOWED");
	t_req(&r, "POST", "/v1/health", NULL, "{}");
	T_ERROR(&r, 405, "METHOD_NOT_ALLOWED");
	/* With a valid token, so that no auth check can come first. */
	if (t_register(&u) == 0) {
		t_req(&r, "DELETE", "/v1/users/me", u.access, NULL);
		T_ERROR(&r, 405, "METHOD_NOT_ALLOWED");
		t_req(&r, "GET", "/v1/users/me/password", u.access, NULL);
		T_ERROR(&r, 405, "METHOD_NOT_ALLOWED");
	}
	t_free(&r);
}

/* A body that is not valid JSON is 400 INVALID_REQUEST. */
static void
test_malformed_json(void)
{
	static const char *const bodies[] = {
		"{\"email\":",
		"{\"email\":\"a@example.com\",}",
		"{'email':'a@example.com'}",
		"email=a%40example.com&password=x",
		"{\"email\":\"a@example.com\"} trailing",
	};
	struct tres	 r = {0};
	struct tuser	 u;
	size_t		 i;

	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		t_set_ip(t_new_ip());	/* login: 5 per IP */
		t_req_raw(&r, "POST", "/v1/auth/login", NULL, NULL,
		    "application/json", bodies[i], strlen(bodies[i]));
		T_ERROR(&r, 400, "INVALID_REQUEST");
	}
	t_req_raw(&r, "POST", "/v1/auth/register", NULL, NULL,
	    "application/json", bodies[0], strlen(bodies[0]));
	T_ERROR(&r, 400, "INVALID_REQUEST");
	if (t_register(&u) == 0) {
		t_req_raw(&r, "PATCH", "/v1/users/me", u.access, NULL,
		    "application/json", "{\"firstName\":", 13);
		T_ERROR(&r, 400, "INVALID_REQUEST");
	}
	t_free(&r);
}

/* JSON that is not an object is 400 INVALID_REQUEST. */
static void
test_body_not_object(void)
{
	static const char *const bodies[] = {
		"[]", "[{\"email\":\"a@example.com\"}]", "\"text\"", "42",
		"true", "null",
	};
	struct tres	 r = {0};
	struct tuser	 u;
	size_t		 i;

	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		t_set_ip(t_new_ip());	/* login: 5 per IP */
		t_req(&r, "POST", "/v1/auth/login", NULL, "%s", bodies[i]);
		T_ERROR(&r, 400, "INVALID_REQUEST");
	}
	if (t_register(&u) == 0) {
		t_req(&r, "PATCH", "/v1/users/me", u.access, "[]");
		T_ERROR(&r, 400, "INVALID_REQUEST");
	}
	t_free(&r);
}

/* A body with a Content-Type other than application/json is 415. */
static void
test_wrong_content_type(void)
{
	static const char *const types[] = {
		"text/plain", "application/x-www-form-urlencoded",
		"application/xml", "application/jsonx",
	};
	static const char body[] =
	    "{\"email\":\"a@example.com\",\"password\":\"x\"}";
	struct tres	 r = {0};
	size_t		 i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		t_set_ip(t_new_ip());	/* login: 5 per IP */
		t_req_raw(&r, "POST", "/v1/auth/login", NULL, NULL, types[i],
		    body, sizeof(body) - 1);
		T_ERROR(&r, 415, "UNSUPPORTED_MEDIA_TYPE");
	}
	/* A body without any Content-Type is not application/json either. */
	t_req_raw(&r, "POST", "/v1/auth/login", NULL, NULL, NULL,
	    body, sizeof(body) - 1);
	T_ERROR(&r, 415, "UNSUPPORTED_MEDIA_TYPE");
	t_free(&r);
}

/* application/json with parameters is still JSON: no 415. */
static void
test_json_content_type_parameters(void)
{
	static const char *const types[] = {
		"application/json; charset=utf-8",
		"application/json;charset=UTF-8",
		"Application/JSON",
	};
	struct tres	 r = {0};
	char		 body[256];
	size_t		 i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		snprintf(body, sizeof(body),
		    "{\"email\":%s,\"password\":\"Wrong-Passw0rd!\"}",
		    t_q(t_unique_email()));
		t_req_raw(&r, "POST", "/v1/auth/login", NULL, NULL, types[i],
		    body, strlen(body));
		T_CHECKF(&r, r.status == 401,
		    "Content-Type %s is accepted (401 for unknown email)",
		    types[i]);
	}
	t_free(&r);
}

/* A body over 1 MiB is 413 PAYLOAD_TOO_LARGE. */
static void
test_payload_too_large(void)
{
	struct tres	 r = {0};
	size_t		 sz = 2 * 1024 * 1024, pre, i;
	char		*body;

	if ((body = malloc(sz + 1)) == NULL) {
		CU_FAIL("malloc");
		return;
	}
	pre = (size_t)snprintf(body, sz, "{\"email\":\"");
	for (i = pre; i < sz - 2; i++)
		body[i] = 'a';
	memcpy(body + sz - 2, "\"}", 3);
	t_req_raw(&r, "POST", "/v1/auth/register", NULL, NULL,
	    "application/json", body, sz);
	T_ERROR(&r, 413, "PAYLOAD_TOO_LARGE");
	T_COMMON(&r);
	free(body);
	t_free(&r);
}

/*
 * The API reference is served as /openapi.yaml, a static file: a YAML
 * type and, byte for byte, htdocs/openapi.yaml (which tests/openapi/
 * check.py validates), an OpenAPI 3.1 document.  scripts/test-api.sh runs
 * the tests from the project root.
 */
static void
test_openapi_served(void)
{
	struct tres	 r = {0};
	const char	*ct;
	char		*file = NULL;
	size_t		 n = 0;
	FILE		*f;

	t_req(&r, "GET", "/openapi.yaml", NULL, NULL);
	if (!T_STATUS(&r, 200))
		goto out;
	ct = t_header(&r, "Content-Type");
	T_CHECKF(&r, ct != NULL && strncasecmp(ct, "application/yaml", 16) == 0,
	    "Content-Type application/yaml, got %s", ct != NULL ? ct : "(none)");
	T_CHECKF(&r, strncmp(r.body, "openapi: 3.1.", 13) == 0,
	    "the document starts with \"openapi: 3.1.\"");
	/* One byte more than served, to see that the file is no longer. */
	if ((f = fopen("htdocs/openapi.yaml", "r")) != NULL &&
	    (file = malloc(r.bodysz + 1)) != NULL)
		n = fread(file, 1, r.bodysz + 1, f);
	if (f != NULL)
		fclose(f);
	T_CHECKF(&r, file != NULL && n == r.bodysz &&
	    memcmp(file, r.body, n) == 0,
	    "the body is htdocs/openapi.yaml (read %zu bytes of it), got %zu "
	    "bytes", n, r.bodysz);
out:
	free(file);
	t_free(&r);
}

void
suite_health(void)
{
	CU_pSuite	 s = t_suite("health");

	T_ADD(s, test_health_ok);
	T_ADD(s, test_common_headers);
	T_ADD(s, test_request_id_echoed);
	T_ADD(s, test_request_id_replaced);
	T_ADD(s, test_request_id_generated);
	T_ADD(s, test_unknown_route);
	T_ADD(s, test_method_not_allowed);
	T_ADD(s, test_malformed_json);
	T_ADD(s, test_body_not_object);
	T_ADD(s, test_wrong_content_type);
	T_ADD(s, test_json_content_type_parameters);
	T_ADD(s, test_payload_too_large);
	T_ADD(s, test_openapi_served);
}
