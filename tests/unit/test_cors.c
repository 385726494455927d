/*
 * test_cors.c: CUnit suite for lib/cors (which origins may call the API,
 * and the headers of responses and preflights), read from the rendered
 * response as a browser would.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "cors.h"
#include "resp.h"
#include "serve.h"

void	suite_cors(void);

static void
test_allowed(void)
{
	const char	*list = "https://app.example.com, http://localhost:3000";

	CU_ASSERT_TRUE(cors_allowed(list, "https://app.example.com"));
	CU_ASSERT_TRUE(cors_allowed(list, "http://localhost:3000"));
	CU_ASSERT_TRUE(cors_allowed(" ,https://a.example, ", "https://a.example"));
	CU_ASSERT_TRUE(cors_allowed("*", "https://anything.example"));
	/* Exact: no prefix, suffix, other scheme or port, case or blank. */
	CU_ASSERT_FALSE(cors_allowed(list, "https://app.example.co"));
	CU_ASSERT_FALSE(cors_allowed(list, "https://app.example.com.evil.test"));
	CU_ASSERT_FALSE(cors_allowed(list, "http://app.example.com"));
	CU_ASSERT_FALSE(cors_allowed(list, "http://localhost:30001"));
	CU_ASSERT_FALSE(cors_allowed(list, "HTTPS://APP.EXAMPLE.COM"));
	CU_ASSERT_FALSE(cors_allowed(list, ""));
	CU_ASSERT_FALSE(cors_allowed(list, NULL));
	CU_ASSERT_FALSE(cors_allowed("", "https://app.example.com"));
	CU_ASSERT_FALSE(cors_allowed(NULL, "https://app.example.com"));
	CU_ASSERT_FALSE(cors_allowed("https://a.example*", "https://a.example"));
}

/* The response to r, rendered as a string; the caller frees it. */
static char *
render(struct req *r)
{
	size_t	 len;
	char	*out = resp_render(r, RESP_ENV_FRISE, &len), *s;

	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	s = strndup(out, len);	/* resp_render's bytes are not a string */
	free(out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	return s;
}

static void
setup(struct app *app, struct req *r, const char *origins, const char *origin)
{
	memset(app, 0, sizeof(*app));
	memset(r, 0, sizeof(*r));
	app->cfg.cors_origins = (char *)origins;
	r->app = app;
	r->origin = origin;
	strcpy(r->rid, "rid");
}

/* The rendered 200 of a request from origin with origins configured. */
static char *
respond(const char *origins, const char *origin)
{
	struct app	 app;
	struct req	 r;

	setup(&app, &r, origins, origin);
	resp_ok(&r, 200, NULL);
	cors_headers(&r);
	return render(&r);
}

static void
test_headers(void)
{
	char	*out;

	out = respond("https://app.example.com", "https://app.example.com");
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\r\nAccess-Control-Allow-Origin: https://app.example.com\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\r\nVary: Origin\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\r\nAccess-Control-Expose-Headers: X-Request-ID, "));
	CU_ASSERT_PTR_NULL(strstr(out, "Access-Control-Allow-Credentials"));
	free(out);

	/* Another origin: only Vary, so that a cache keeps them apart. */
	out = respond("https://app.example.com", "https://evil.example");
	CU_ASSERT_PTR_NULL(strstr(out, "Access-Control-"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\r\nVary: Origin\r\n"));
	free(out);

	/* No origins configured: nothing at all. */
	out = respond("", "https://app.example.com");
	CU_ASSERT_PTR_NULL(strstr(out, "Access-Control-"));
	CU_ASSERT_PTR_NULL(strstr(out, "Vary:"));
	free(out);

	/* "*" echoes the origin; one holding CR LF is never echoed. */
	out = respond("*", "https://x.example\r\nSet-Cookie: a=b");
	CU_ASSERT_PTR_NULL(strstr(out, "Set-Cookie"));
	CU_ASSERT_PTR_NULL(strstr(out, "Access-Control-Allow-Origin"));
	free(out);
	out = respond("*", "https://x.example");
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\r\nAccess-Control-Allow-Origin: https://x.example\r\n"));
	free(out);
}

static void
test_preflight(void)
{
	struct app	 app;
	struct req	 r;
	char		*out;

	setup(&app, &r, "https://app.example.com", "https://app.example.com");
	r.method = REQ_OPTIONS;
	r.cors_method = "PATCH";
	CU_ASSERT_TRUE_FATAL(cors_preflight(&r, "GET, PATCH, DELETE"));
	cors_headers(&r);
	CU_ASSERT_EQUAL(r.status, 204);
	out = render(&r);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "Status: 204 "));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\r\nAccess-Control-Allow-Methods: GET, PATCH, DELETE\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\r\nAccess-Control-Allow-Headers: Authorization, Content-Type, "));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\r\nAccess-Control-Max-Age: 600\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\r\nAccess-Control-Allow-Origin: https://app.example.com\r\n"));
	CU_ASSERT_PTR_NULL(strstr(out, "Content-Length"));
	free(out);

	/* Not a preflight: an OPTIONS without the method, another origin, a GET. */
	setup(&app, &r, "https://app.example.com", "https://app.example.com");
	r.method = REQ_OPTIONS;
	CU_ASSERT_FALSE(cors_preflight(&r, "GET"));
	r.cors_method = "GET";
	r.origin = "https://evil.example";
	CU_ASSERT_FALSE(cors_preflight(&r, "GET"));
	r.origin = "https://app.example.com";
	r.method = REQ_GET;
	CU_ASSERT_FALSE(cors_preflight(&r, "GET"));
	CU_ASSERT_EQUAL(r.status, 0);
}

void
suite_cors(void)
{
	CU_pSuite	s = CU_add_suite("cors", NULL, NULL);

	CU_add_test(s, "allowed", test_allowed);
	CU_add_test(s, "headers", test_headers);
	CU_add_test(s, "preflight", test_preflight);
}
