/*
 * Suite "ratelimit": the documented limits, their headers and the 429
 * envelope.  login 5 / 15 min per IP, register 3 / hour per IP, password
 * 3 / hour per user, everything else 100 / 15 min per user (or per IP
 * when anonymous).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <CUnit/CUnit.h>

#include "client.h"

/*
 * The 429: RATE_LIMIT_EXCEEDED with details.retryAfter in seconds within
 * the window, limit headers saying nothing is left, reset in the window.
 */
static void
check_429(const struct tres *r, long long limit, long long window,
    const char *file, int line)
{
	long long	 ra = t_int(r, "error.details.retryAfter");
	long long	 now = (long long)time(NULL);
	long long	 rst = t_header_int(r, "X-RateLimit-Reset");

	if (!t_check_error(r, 429, "RATE_LIMIT_EXCEEDED", file, line))
		return;
	/* A second over the window: rounding up is fine. */
	t_check(ra > 0 && ra <= window + 1, r, file, line,
	    "details.retryAfter an integer in 1..%lld, got %lld", window + 1,
	    ra);
	t_check(t_header_int(r, "X-RateLimit-Limit") == limit &&
	    t_header_int(r, "X-RateLimit-Remaining") == 0, r, file, line,
	    "X-RateLimit-Limit %lld, X-RateLimit-Remaining 0", limit);
	t_check(rst >= now && rst <= now + window + 1, r, file, line,
	    "X-RateLimit-Reset within the window, got %lld (now %lld)",
	    rst, now);
	t_check_common(r, file, line);
}
#define CHECK_429(r, limit, window) \
	check_429((r), (limit), (window), __FILE__, __LINE__)

/* Limit and remaining headers are what we expect. */
#define CHECK_LIMIT(r, limit, remaining) \
	T_CHECKF((r), t_header_int((r), "X-RateLimit-Limit") == (limit) && \
	    t_header_int((r), "X-RateLimit-Remaining") == (remaining), \
	    "X-RateLimit-Limit %lld, X-RateLimit-Remaining %lld", \
	    (long long)(limit), (long long)(remaining))

/*
 * Login: 5 per 15 minutes per IP, failures included.  Remaining counts
 * down 4..0, the 6th is 429 even with the right password, and another
 * IP is not affected.
 */
static void
test_login_limit(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	long long	 i;

	if (t_register(&u) == -1)
		return;
	for (i = 1; i <= 5; i++) {
		t_req(&r, "POST", "/v1/auth/login", NULL,
		    "{\"email\":%s,\"password\":\"Wrong-Passw0rd!\"}",
		    t_q(u.email));
		T_CHECKF(&r, r.status == 401, "login %lld of 5 is let through",
		    i);
		CHECK_LIMIT(&r, 5, 5 - i);
	}
	t_req(&r, "POST", "/v1/auth/login", NULL,
	    "{\"email\":%s,\"password\":%s}", t_q(u.email), t_q(u.password));
	CHECK_429(&r, 5, 15 * 60);
	/* Per IP: from elsewhere the same account logs in. */
	T_LOGIN_OK(u.email, u.password);
	/* And the limited IP may still use other routes. */
	t_req(&r, "GET", "/v1/health", NULL, NULL);
	T_STATUS(&r, 200);
	t_free(&r);
}

/* Register: 3 per hour per IP; the 4th is 429, another IP is fine. */
static void
test_register_limit(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	long long	 i;

	for (i = 1; i <= 3; i++) {
		t_req(&r, "POST", "/v1/auth/register", NULL,
		    "{\"email\":%s,\"password\":%s,\"firstName\":\"Rate\","
		    "\"lastName\":\"Limit\"}", t_q(t_unique_email()),
		    t_q(T_PASSWORD));
		T_CHECKF(&r, r.status == 201, "registration %lld of 3", i);
		CHECK_LIMIT(&r, 3, 3 - i);
	}
	t_req(&r, "POST", "/v1/auth/register", NULL,
	    "{\"email\":%s,\"password\":%s,\"firstName\":\"Rate\","
	    "\"lastName\":\"Limit\"}", t_q(t_unique_email()),
	    t_q(T_PASSWORD));
	CHECK_429(&r, 3, 60 * 60);
	t_register(&u);		/* from its own IP */
	t_free(&r);
}

/*
 * Password change: 3 per hour per user, whatever the IP and whether the
 * attempt was right; the 4th is 429 and does not change the password.
 * Another user is not affected.
 */
static void
test_password_limit(void)
{
	struct tres	 r = {0};
	struct tuser	 u, v;
	long long	 i;

	if (t_register(&u) == -1 || t_register(&v) == -1)
		return;
	for (i = 1; i <= 3; i++) {
		t_set_ip(t_new_ip());
		t_req(&r, "PUT", "/v1/users/me/password", u.access,
		    "{\"currentPassword\":\"Wrong-Passw0rd!\","
		    "\"newPassword\":\"Changed-Passw0rd#3\"}");
		T_CHECKF(&r, r.status == 400, "attempt %lld of 3 is let "
		    "through (400 for the wrong password)", i);
		CHECK_LIMIT(&r, 3, 3 - i);
	}
	t_set_ip(t_new_ip());
	t_req(&r, "PUT", "/v1/users/me/password", u.access,
	    "{\"currentPassword\":%s,\"newPassword\":\"Changed-Passw0rd#3\"}",
	    t_q(u.password));
	CHECK_429(&r, 3, 60 * 60);
	T_LOGIN_OK(u.email, u.password);
	T_TOKEN_OK(u.access);	/* other routes are another bucket */

	t_req(&r, "PUT", "/v1/users/me/password", v.access,
	    "{\"currentPassword\":%s,\"newPassword\":\"Changed-Passw0rd#3\"}",
	    t_q(v.password));
	T_STATUS(&r, 204);
	t_free(&r);
}

/*
 * Everything else: 100 per 15 minutes per user.  X-RateLimit-Limit is
 * 100 and Remaining drops by one per request, from whatever IP; once it
 * is 0 the next request is 429, for any route of that bucket.  Another
 * user is not affected.
 */
static void
test_general_limit_per_user(void)
{
	struct tres	 r = {0};
	struct tuser	 u, v;
	long long	 rem, prev = -1, first = -1, ok = 0, i;
	int		 limited = 0;

	if (t_register(&u) == -1 || t_register(&v) == -1)
		return;
	for (i = 0; i < 110; i++) {
		t_set_ip(t_new_ip());	/* per user, not per IP */
		t_req(&r, "GET", "/v1/users/me", u.access, NULL);
		if (r.status == 429) {
			limited = 1;
			break;
		}
		if (!T_CHECKF(&r, r.status == 200, "request %lld is 200", i))
			goto out;
		rem = t_header_int(&r, "X-RateLimit-Remaining");
		if (!T_CHECKF(&r, t_header_int(&r, "X-RateLimit-Limit") == 100,
		    "X-RateLimit-Limit 100") ||
		    !T_CHECKF(&r, prev == -1 ? rem >= 0 && rem <= 99 :
		    rem == prev - 1, "request %lld: Remaining %lld after %lld",
		    i, rem, prev))
			goto out;
		if (first == -1)
			first = rem;
		prev = rem;
		ok++;
	}
	T_CHECKF(&r, limited, "429 after the limit, %lld requests passed",
	    ok);
	T_CHECKF(&r, prev == 0 && ok == first + 1, "the limit is reached "
	    "at Remaining 0 (%lld), after %lld requests", prev, ok);
	CHECK_429(&r, 100, 15 * 60);
	/* The same bucket for the user's other routes. */
	t_req(&r, "PATCH", "/v1/users/me", u.access, "{}");
	T_CHECKF(&r, r.status == 429, "PATCH /v1/users/me is 429 too, "
	    "got %ld", r.status);
	/* Another user, same IP: unaffected. */
	t_req(&r, "GET", "/v1/users/me", v.access, NULL);
	T_STATUS(&r, 200);
out:
	t_free(&r);
}

/* Anonymous requests count per IP against the general limit. */
static void
test_general_limit_headers_anonymous(void)
{
	struct tres	 r = {0};
	long long	 rem;

	t_req(&r, "GET", "/v1/nope", NULL, NULL);
	if (!T_STATUS(&r, 404))
		goto out;
	CHECK_LIMIT(&r, 100, 99);
	rem = t_header_int(&r, "X-RateLimit-Remaining");
	t_req(&r, "GET", "/v1/nope", NULL, NULL);
	T_CHECKF(&r, t_header_int(&r, "X-RateLimit-Remaining") == rem - 1,
	    "Remaining drops by one, from %lld", rem);
out:
	t_free(&r);
}

void
suite_ratelimit(void)
{
	CU_pSuite	 s = t_suite("ratelimit");

	T_ADD(s, test_login_limit);
	T_ADD(s, test_register_limit);
	T_ADD(s, test_password_limit);
	T_ADD(s, test_general_limit_per_user);
	T_ADD(s, test_general_limit_headers_anonymous);
}
