/*
 * Suite "auth": register, login, refresh, logout, access tokens and
 * suspension (POST /v1/auth/..., tokens as seen by GET /v1/users/me);
 * and the account defences: concurrent refreshes, the failed-login
 * counter against password spraying, login timing, and X-Forwarded-For
 * from a peer that is not a trusted proxy.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <CUnit/CUnit.h>
#include <json-c/json.h>

#include "client.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * POST /v1/auth/register with the given fields (JSON text, a leading
 * comma each, e.g. ",\"phone\":\"+15550100\"") besides a fresh email and
 * the names.  Each call comes from a fresh IP: register allows only
 * 3 an hour per IP.  The email used is copied into email.
 */
static void
register_with(struct tres *r, const char *password, const char *extra,
    char *email, size_t emailsz)
{

	snprintf(email, emailsz, "%s", t_unique_email());
	t_set_ip(t_new_ip());
	t_req(r, "POST", "/v1/auth/register", NULL,
	    "{\"email\":%s,\"password\":%s,\"firstName\":\"Ada\","
	    "\"lastName\":\"Lovelace\"%s}", t_q(email), t_q(password),
	    extra != NULL ? extra : "");
}

/* A user object carries no password material whatever the names. */
static int
no_secrets(const struct tres *r, const char *obj)
{
	static const char *const keys[] = {
		"password", "passwordHash", "password_hash", "hash", "salt",
	};
	char	 path[128];
	size_t	 i;

	for (i = 0; i < NELEM(keys); i++) {
		snprintf(path, sizeof(path), "%s%s%s", obj, *obj ? "." : "",
		    keys[i]);
		if (t_has(r, path))
			return 0;
	}
	return 1;
}

/*
 * 201 with the user (usr_ id, our fields, role consultant, createdAt in
 * UTC) and both tokens; the access token is an HS256 JWT.
 */
static void
test_register_ok(void)
{
	struct tres	 r = {0};
	char		 email[128];
	const char	*id;
	json_object	*hdr;

	register_with(&r, T_PASSWORD, NULL, email, sizeof(email));
	if (!T_STATUS(&r, 201))
		goto out;
	id = t_str(&r, "user.id");
	T_CHECKF(&r, id != NULL && strncmp(id, "usr_", 4) == 0 &&
	    id[4] != '\0', "user.id starts with usr_, got %s",
	    id != NULL ? id : "(absent)");
	T_STR(&r, "user.email", email);
	T_STR(&r, "user.firstName", "Ada");
	T_STR(&r, "user.lastName", "Lovelace");
	T_STR(&r, "user.role", "consultant");
	T_CHECKF(&r, t_is_iso8601z(t_str(&r, "user.createdAt")),
	    "user.createdAt is ISO 8601 UTC ending in Z");
	T_CHECK(&r, no_secrets(&r, "user"));
	T_CHECK(&r, t_str(&r, "accessToken") != NULL &&
	    *t_str(&r, "accessToken") != '\0');
	T_CHECK(&r, t_str(&r, "refreshToken") != NULL &&
	    *t_str(&r, "refreshToken") != '\0');
	T_CHECK(&r, t_str(&r, "accessToken") == NULL ||
	    t_str(&r, "refreshToken") == NULL ||
	    strcmp(t_str(&r, "accessToken"), t_str(&r, "refreshToken")) != 0);

	hdr = t_jwt_part(t_str(&r, "accessToken"), 0);
	T_CHECKF(&r, hdr != NULL &&
	    json_object_object_get_ex(hdr, "alg", NULL) &&
	    strcmp(json_object_get_string(json_object_object_get(hdr, "alg")),
	    "HS256") == 0, "accessToken is a JWT with alg HS256");
	if (hdr != NULL)
		json_object_put(hdr);
	T_COMMON(&r);
out:
	t_free(&r);
}

/* The optional company and phone are stored ("+1-555-0100" is E.164). */
static void
test_register_optional_fields(void)
{
	struct tres	 r = {0};
	char		 email[128], digits[32];
	const char	*phone, *p;
	size_t		 n = 0;

	register_with(&r, T_PASSWORD,
	    ",\"company\":\"Financial Advisors LLC\",\"phone\":\"+1-555-0100\"",
	    email, sizeof(email));
	if (!T_STATUS(&r, 201))
		goto out;
	t_req(&r, "GET", "/v1/users/me", t_str(&r, "accessToken"), NULL);
	if (!T_STATUS(&r, 200))
		goto out;
	T_STR(&r, "company", "Financial Advisors LLC");
	/* Stored as sent or normalized: either way these digits. */
	phone = t_str(&r, "phone");
	for (p = phone; p != NULL && *p != '\0' && n < sizeof(digits) - 1; p++)
		if (*p == '+' || isdigit((unsigned char)*p))
			digits[n++] = *p;
	digits[n] = '\0';
	T_CHECKF(&r, strcmp(digits, "+15550100") == 0,
	    "phone is +1-555-0100 or +15550100, got %s",
	    phone != NULL ? phone : "(absent)");
out:
	t_free(&r);
}

/* An email already registered, in any case, is 409 CONFLICT. */
static void
test_register_duplicate_email(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	char		 upper[128];
	size_t		 i;

	if (t_register(&u) == -1)
		return;
	t_req(&r, "POST", "/v1/auth/register", NULL,
	    "{\"email\":%s,\"password\":%s,\"firstName\":\"B\","
	    "\"lastName\":\"C\"}", t_q(u.email), t_q(T_PASSWORD));
	T_ERROR(&r, 409, "CONFLICT");
	for (i = 0; u.email[i] != '\0' && i < sizeof(upper) - 1; i++)
		upper[i] = (char)toupper((unsigned char)u.email[i]);
	upper[i] = '\0';
	t_req(&r, "POST", "/v1/auth/register", NULL,
	    "{\"email\":%s,\"password\":%s,\"firstName\":\"B\","
	    "\"lastName\":\"C\"}", t_q(upper), t_q(T_PASSWORD));
	T_ERROR(&r, 409, "CONFLICT");
	t_free(&r);
}

/* Every invalid field is reported at once. */
static void
test_register_validation_all_at_once(void)
{
	struct tres	 r = {0};

	t_req(&r, "POST", "/v1/auth/register", NULL,
	    "{\"email\":\"not-an-email\",\"password\":\"short\","
	    "\"firstName\":\"\",\"lastName\":\"\",\"phone\":\"12345\"}");
	T_ERROR(&r, 400, "VALIDATION_ERROR");
	T_DETAIL(&r, "email");
	T_DETAIL(&r, "password");
	T_DETAIL(&r, "firstName");
	T_DETAIL(&r, "lastName");
	T_DETAIL(&r, "phone");
	t_free(&r);
}

/* Missing required fields are each named. */
static void
test_register_missing_fields(void)
{
	struct tres	 r = {0};

	t_req(&r, "POST", "/v1/auth/register", NULL, "{}");
	T_ERROR(&r, 400, "VALIDATION_ERROR");
	T_DETAIL(&r, "email");
	T_DETAIL(&r, "password");
	T_DETAIL(&r, "firstName");
	T_DETAIL(&r, "lastName");
	T_CHECK(&r, t_detail(&r, "company") == NULL &&
	    t_detail(&r, "phone") == NULL);
	t_free(&r);
}

/* Passwords missing one of length, upper, lower, digit, special. */
static void
test_register_weak_passwords(void)
{
	static const char *const weak[] = {
		"Sh0rt!a",		/* 7 characters */
		"alllower1!",		/* no upper case */
		"ALLUPPER1!",		/* no lower case */
		"NoDigits!!",		/* no digit */
		"NoSpecial12",		/* no special character */
		"",
	};
	struct tres	 r = {0};
	char		 email[128];
	size_t		 i;

	for (i = 0; i < NELEM(weak); i++) {
		register_with(&r, weak[i], NULL, email, sizeof(email));
		T_DETAIL(&r, "password");
	}
	/* The boundary: exactly 8 with one of each. */
	register_with(&r, "Aa1!aaaa", NULL, email, sizeof(email));
	T_STATUS(&r, 201);
	t_free(&r);
}

/* Malformed email addresses. */
static void
test_register_invalid_emails(void)
{
	static const char *const bad[] = {
		"plainaddress", "@example.com", "user@", "user@@example.com",
		"us er@example.com", "user@exa mple.com", "",
	};
	struct tres	 r = {0};
	size_t		 i;

	for (i = 0; i < NELEM(bad); i++) {
		if (i % 3 == 0)
			t_set_ip(t_new_ip());
		t_req(&r, "POST", "/v1/auth/register", NULL,
		    "{\"email\":%s,\"password\":%s,\"firstName\":\"Ada\","
		    "\"lastName\":\"L\"}", t_q(bad[i]), t_q(T_PASSWORD));
		T_DETAIL(&r, "email");
	}
	t_free(&r);
}

/* An invalid or valid phone at registration (more under users). */
static void
test_register_phone(void)
{
	struct tres	 r = {0};
	char		 email[128];

	register_with(&r, T_PASSWORD, ",\"phone\":\"555-0100\"", email,
	    sizeof(email));
	T_DETAIL(&r, "phone");
	register_with(&r, T_PASSWORD, ",\"phone\":\"+14155550123\"", email,
	    sizeof(email));
	T_STATUS(&r, 201);
	t_free(&r);
}

/*
 * No self-registration with a role, even "consultant": 400 naming role,
 * and no account is created (the email is still free).
 */
static void
test_register_role_rejected(void)
{
	static const char *const roles[] = { "admin", "consultant" };
	struct tres	 r = {0};
	char		 email[128];
	size_t		 i;

	snprintf(email, sizeof(email), "%s", t_unique_email());
	for (i = 0; i < NELEM(roles); i++) {
		t_req(&r, "POST", "/v1/auth/register", NULL,
		    "{\"email\":%s,\"password\":%s,\"firstName\":\"Eve\","
		    "\"lastName\":\"Admin\",\"role\":%s}", t_q(email),
		    t_q(T_PASSWORD), t_q(roles[i]));
		T_DETAIL(&r, "role");
	}
	t_req(&r, "POST", "/v1/auth/register", NULL,
	    "{\"email\":%s,\"password\":%s,\"firstName\":\"Eve\","
	    "\"lastName\":\"Admin\"}", t_q(email), t_q(T_PASSWORD));
	if (T_STATUS(&r, 201))
		T_STR(&r, "user.role", "consultant");
	t_free(&r);
}

/* A field of the wrong JSON type is a validation error naming it. */
static void
test_register_wrong_types(void)
{
	struct tres	 r = {0};

	t_req(&r, "POST", "/v1/auth/register", NULL,
	    "{\"email\":%s,\"password\":%s,\"firstName\":5,"
	    "\"lastName\":[\"L\"]}", t_q(t_unique_email()), t_q(T_PASSWORD));
	T_DETAIL(&r, "firstName");
	T_DETAIL(&r, "lastName");
	t_req(&r, "POST", "/v1/auth/register", NULL,
	    "{\"email\":42,\"password\":true,\"firstName\":\"A\","
	    "\"lastName\":\"L\"}");
	T_DETAIL(&r, "email");
	T_DETAIL(&r, "password");
	t_free(&r);
}

/* 200 with the user and a new session. */
static void
test_login_ok(void)
{
	struct tres	 r = {0};
	struct tuser	 u;

	if (t_register(&u) == -1)
		return;
	t_req(&r, "POST", "/v1/auth/login", NULL,
	    "{\"email\":%s,\"password\":%s}", t_q(u.email), t_q(u.password));
	if (!T_STATUS(&r, 200))
		goto out;
	T_STR(&r, "user.id", u.id);
	T_STR(&r, "user.email", u.email);
	T_STR(&r, "user.firstName", u.first);
	T_STR(&r, "user.lastName", u.last);
	T_STR(&r, "user.role", "consultant");
	T_CHECK(&r, no_secrets(&r, "user"));
	T_CHECK(&r, t_str(&r, "accessToken") != NULL);
	T_CHECKF(&r, t_str(&r, "refreshToken") != NULL &&
	    strcmp(t_str(&r, "refreshToken"), u.refresh) != 0,
	    "a new session has a new refresh token");
	T_COMMON(&r);
	T_TOKEN_OK(t_str(&r, "accessToken"));
	/* The registration session is still there. */
	T_TOKEN_OK(u.access);
out:
	t_free(&r);
}

/*
 * Wrong password and unknown email give the same 401 body, byte for
 * byte: no way to tell which accounts exist.
 */
static void
test_login_bad_credentials(void)
{
	struct tres	 a = {0}, b = {0};
	struct tuser	 u;

	if (t_register(&u) == -1)
		return;
	t_req(&a, "POST", "/v1/auth/login", NULL,
	    "{\"email\":%s,\"password\":\"Wrong-Passw0rd!\"}", t_q(u.email));
	t_req(&b, "POST", "/v1/auth/login", NULL,
	    "{\"email\":%s,\"password\":\"Wrong-Passw0rd!\"}",
	    t_q(t_unique_email()));
	T_CHECKF(&a, a.status == 401 && t_body_is(&a, T_LOGIN_FAILED_BODY),
	    "wrong password: 401 %s", T_LOGIN_FAILED_BODY);
	T_CHECKF(&b, b.status == 401 && t_body_is(&b, T_LOGIN_FAILED_BODY),
	    "unknown email: 401 %s", T_LOGIN_FAILED_BODY);
	T_CHECKF(&b, a.bodysz == b.bodysz && a.body != NULL &&
	    b.body != NULL && memcmp(a.body, b.body, a.bodysz) == 0,
	    "identical bodies for wrong password and unknown email: %s",
	    a.body != NULL ? a.body : "");
	/* The password is case-sensitive. */
	t_req(&a, "POST", "/v1/auth/login", NULL,
	    "{\"email\":%s,\"password\":\"rise-test-passw0rd!\"}",
	    t_q(u.email));
	T_CHECK(&a, a.status == 401 && t_body_is(&a, T_LOGIN_FAILED_BODY));
	t_free(&a);
	t_free(&b);
}

/* Missing email or password is a validation error naming them. */
static void
test_login_missing_fields(void)
{
	struct tres	 r = {0};

	t_req(&r, "POST", "/v1/auth/login", NULL, "{}");
	T_ERROR(&r, 400, "VALIDATION_ERROR");
	T_DETAIL(&r, "email");
	T_DETAIL(&r, "password");
	t_req(&r, "POST", "/v1/auth/login", NULL,
	    "{\"email\":\"someone@example.com\"}");
	T_DETAIL(&r, "password");
	t_free(&r);
}

/* Refresh gives a new pair; the new refresh token rotates again. */
static void
test_refresh_rotation(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	char		 old[T_TOKSZ];

	if (t_register(&u) == -1)
		return;
	snprintf(old, sizeof(old), "%s", u.refresh);
	t_req(&r, "POST", "/v1/auth/refresh", NULL,
	    "{\"refreshToken\":%s}", t_q(u.refresh));
	if (!T_STATUS(&r, 200))
		goto out;
	T_COMMON(&r);
	T_CHECK(&r, t_str(&r, "accessToken") != NULL);
	T_CHECKF(&r, t_str(&r, "refreshToken") != NULL &&
	    strcmp(t_str(&r, "refreshToken"), old) != 0,
	    "rotation: a new refresh token");
	T_TOKEN_OK(t_str(&r, "accessToken"));
	snprintf(u.refresh, sizeof(u.refresh), "%s",
	    t_str(&r, "refreshToken") ? t_str(&r, "refreshToken") : "");
	if (t_refresh(&u) == 0)
		T_TOKEN_OK(u.access);
out:
	t_free(&r);
}

/*
 * Reusing a refresh token that was already rotated is theft: 401, and
 * the whole session goes, including the token the rotation issued and
 * the session's access tokens.
 */
static void
test_refresh_reuse_revokes_session(void)
{
	struct tuser	 u, first, other;

	if (t_register(&u) == -1 || t_login(&u, &other) == -1)
		return;
	first = u;
	if (t_refresh(&u) == -1)
		return;
	T_REFRESH_DENIED(first.refresh);	/* reuse */
	T_REFRESH_DENIED(u.refresh);		/* its successor */
	T_TOKEN_DENIED(u.access);
	T_TOKEN_DENIED(first.access);
	/* Another session of the user is not that session. */
	T_TOKEN_OK(other.access);
	t_refresh(&other);
}

/* Tokens that are not a live refresh token are 401. */
static void
test_refresh_invalid(void)
{
	struct tuser	 u;
	char		*forged;

	T_REFRESH_DENIED("garbage");
	T_REFRESH_DENIED("eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl");
	if (t_register(&u) == -1)
		return;
	/* An access token is not a refresh token. */
	T_REFRESH_DENIED(u.access);
	/* A refresh token with one character changed. */
	forged = strdup(u.refresh);
	if (forged != NULL && *forged != '\0') {
		forged[strlen(forged) / 2] =
		    forged[strlen(forged) / 2] == 'A' ? 'B' : 'A';
		T_REFRESH_DENIED(forged);
	}
	free(forged);
	/* None of this hurt the real session. */
	T_TOKEN_OK(u.access);
	t_refresh(&u);
}

/* No refresh token (absent, empty, not a string) is a validation error. */
static void
test_refresh_missing(void)
{
	struct tres	 r = {0};

	t_req(&r, "POST", "/v1/auth/refresh", NULL, "{}");
	T_DETAIL(&r, "refreshToken");
	t_req(&r, "POST", "/v1/auth/refresh", NULL, "{\"refreshToken\":\"\"}");
	T_DETAIL(&r, "refreshToken");
	t_req(&r, "POST", "/v1/auth/refresh", NULL, "{\"refreshToken\":5}");
	T_DETAIL(&r, "refreshToken");
	t_free(&r);
}

/* Logout: 204 without a body; the session is gone. */
static void
test_logout_ok(void)
{
	struct tres	 r = {0};
	struct tuser	 u;

	if (t_register(&u) == -1)
		return;
	t_req(&r, "POST", "/v1/auth/logout", u.access, NULL);
	if (T_STATUS(&r, 204))
		T_CHECK(&r, r.bodysz == 0);
	T_TOKEN_DENIED(u.access);
	T_REFRESH_DENIED(u.refresh);
	t_req(&r, "POST", "/v1/auth/logout", u.access, NULL);
	T_ERROR(&r, 401, "UNAUTHORIZED");
	/* The account itself is fine. */
	T_LOGIN_OK(u.email, u.password);
	t_free(&r);
}

/* Logout ends one session; the user's other sessions keep working. */
static void
test_logout_keeps_other_sessions(void)
{
	struct tres	 r = {0};
	struct tuser	 a, b;

	if (t_register(&a) == -1 || t_login(&a, &b) == -1)
		return;
	t_req(&r, "POST", "/v1/auth/logout", a.access, NULL);
	T_STATUS(&r, 204);
	T_TOKEN_DENIED(a.access);
	T_TOKEN_OK(b.access);
	if (t_refresh(&b) == 0)
		T_TOKEN_OK(b.access);
	t_free(&r);
}

/* Logout needs a valid access token. */
static void
test_logout_requires_token(void)
{
	struct tres	 r = {0};

	t_req(&r, "POST", "/v1/auth/logout", NULL, NULL);
	T_ERROR(&r, 401, "UNAUTHORIZED");
	t_req(&r, "POST", "/v1/auth/logout", "garbage", NULL);
	T_ERROR(&r, 401, "UNAUTHORIZED");
	t_free(&r);
}

/* Missing or malformed credentials are 401 UNAUTHORIZED. */
static void
test_me_requires_auth(void)
{
	static const char *const auth[] = {
		"Authorization: Bearer garbage",
		"Authorization: Bearer ",
		"Authorization: Bearer a.b.c",
		"Authorization: Basic dXNlcjpwYXNz",
		"Authorization: garbage",
	};
	struct tres	 r = {0};
	const char	*hdrs[2] = { NULL, NULL };
	size_t		 i;

	t_req(&r, "GET", "/v1/users/me", NULL, NULL);
	T_ERROR(&r, 401, "UNAUTHORIZED");
	for (i = 0; i < NELEM(auth); i++) {
		hdrs[0] = auth[i];
		t_reqh(&r, "GET", "/v1/users/me", NULL, hdrs, NULL);
		T_ERROR(&r, 401, "UNAUTHORIZED");
	}
	t_free(&r);
}

/* The token as a bearer only works exactly as issued. */
static void
test_token_tampered(void)
{
	struct tuser	 u;
	char		*t;

	if (t_register(&u) == -1)
		return;
	T_TOKEN_OK(u.access);
	/* Payload changed, signature kept. */
	t = t_jwt_edit(u.access, 1, "role", "\"admin\"", NULL);
	T_CHECK(NULL, t != NULL);
	if (t != NULL)
		T_TOKEN_DENIED(t);
	free(t);
	t = t_jwt_edit(u.access, 1, "sub", "\"usr_someone_else\"", NULL);
	if (t != NULL)
		T_TOKEN_DENIED(t);
	free(t);
	t = t_jwt_edit(u.access, 1, "exp", "4102444800", NULL);
	if (t != NULL)
		T_TOKEN_DENIED(t);
	free(t);
	/* Signature dropped. */
	t = t_jwt_edit(u.access, 1, NULL, NULL, "");
	if (t != NULL)
		T_TOKEN_DENIED(t);
	free(t);
	/* Still fine. */
	T_TOKEN_OK(u.access);
}

/* alg "none" is never accepted, with or without a signature. */
static void
test_token_alg_none(void)
{
	struct tuser	 u;
	char		*t, *t2;

	if (t_register(&u) == -1)
		return;
	t = t_jwt_edit(u.access, 0, "alg", "\"none\"", "");
	T_CHECK(NULL, t != NULL);
	if (t != NULL)
		T_TOKEN_DENIED(t);
	free(t);
	t = t_jwt_edit(u.access, 0, "alg", "\"none\"", NULL);
	if (t != NULL)
		T_TOKEN_DENIED(t);
	free(t);
	/* none, and a role of our choosing. */
	t = t_jwt_edit(u.access, 0, "alg", "\"none\"", "");
	t2 = t != NULL ? t_jwt_edit(t, 1, "role", "\"admin\"", "") : NULL;
	if (t2 != NULL)
		T_TOKEN_DENIED(t2);
	free(t);
	free(t2);
	/* HS512 is not our algorithm either. */
	t = t_jwt_edit(u.access, 0, "alg", "\"HS512\"", NULL);
	if (t != NULL)
		T_TOKEN_DENIED(t);
	free(t);
}

/* One user's signature does not sign another's payload. */
static void
test_token_signature_swapped(void)
{
	struct tuser	 a, b;
	char		*t;

	if (t_register(&a) == -1 || t_register(&b) == -1)
		return;
	t = t_jwt_edit(a.access, 0, NULL, NULL, strrchr(b.access, '.') + 1);
	T_CHECK(NULL, t != NULL);
	if (t != NULL)
		T_TOKEN_DENIED(t);
	free(t);
}

/* A refresh token is not an access token. */
static void
test_refresh_token_not_bearer(void)
{
	struct tuser	 u;

	if (t_register(&u) == -1)
		return;
	T_TOKEN_DENIED(u.refresh);
	t_refresh(&u);
}

/*
 * A suspended user is locked out at once: access token, refresh and
 * login all 401.  Reactivated, the user can log in again.
 */
static void
test_suspended_user(void)
{
	struct tuser	 u, s2;

	if (t_register(&u) == -1 || t_login(&u, &s2) == -1)
		return;
	if (!T_CHECKF(NULL, t_risectl("user status --email %s --status "
	    "suspended", u.email) == 0, "risectl suspends %s", u.email))
		return;
	T_TOKEN_DENIED(u.access);
	T_REFRESH_DENIED(s2.refresh);
	T_LOGIN_DENIED(u.email, u.password);
	T_CHECKF(NULL, t_risectl("user status --email %s --status active",
	    u.email) == 0, "risectl reactivates %s", u.email);
	T_LOGIN_OK(u.email, u.password);
}


/* --- account defences ------------------------------------------------ */

/* One of the parallel refreshes: its handle, headers and answer. */
struct par {
	CURL			*h;
	struct curl_slist	*hdrs;
	char			 body[4096];
	size_t			 len;
	long			 status;
};

static size_t
par_body(char *buf, size_t sz, size_t n, void *arg)
{
	struct par	*p = arg;
	size_t		 len = sz * n, room = sizeof(p->body) - 1 - p->len;

	memcpy(p->body + p->len, buf, len < room ? len : room);
	p->len += len < room ? len : room;
	p->body[p->len] = '\0';
	return len;
}

/*
 * POSTs body to /v1/auth/refresh n times at once, on n connections (curl
 * multi), from client IP ip.  Fills p[0..n-1].
 */
static void
refresh_parallel(struct par *p, int n, const char *body, const char *ip)
{
	CURLM		*m;
	char		 url[600], xff[96];
	int		 i, running = 0;

	snprintf(url, sizeof(url), "%s/v1/auth/refresh", t_base_url());
	snprintf(xff, sizeof(xff), "X-Forwarded-For: %s", ip);
	if ((m = curl_multi_init()) == NULL)
		abort();
	for (i = 0; i < n; i++) {
		memset(&p[i], 0, sizeof(p[i]));
		if ((p[i].h = curl_easy_init()) == NULL)
			abort();
		p[i].hdrs = curl_slist_append(NULL, "Content-Type: application/json");
		p[i].hdrs = curl_slist_append(p[i].hdrs, xff);
		p[i].hdrs = curl_slist_append(p[i].hdrs, "Expect:");
		curl_easy_setopt(p[i].h, CURLOPT_URL, url);
		curl_easy_setopt(p[i].h, CURLOPT_HTTPHEADER, p[i].hdrs);
		curl_easy_setopt(p[i].h, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(p[i].h, CURLOPT_WRITEFUNCTION, par_body);
		curl_easy_setopt(p[i].h, CURLOPT_WRITEDATA, &p[i]);
		curl_easy_setopt(p[i].h, CURLOPT_TIMEOUT, 30L);
		curl_easy_setopt(p[i].h, CURLOPT_NOSIGNAL, 1L);
		curl_multi_add_handle(m, p[i].h);
	}
	do {
		if (curl_multi_perform(m, &running) != CURLM_OK)
			break;
		if (running)
			curl_multi_poll(m, NULL, 0, 1000, NULL);
	} while (running);
	for (i = 0; i < n; i++) {
		curl_easy_getinfo(p[i].h, CURLINFO_RESPONSE_CODE, &p[i].status);
		curl_multi_remove_handle(m, p[i].h);
		curl_easy_cleanup(p[i].h);
		curl_slist_free_all(p[i].hdrs);
	}
	curl_multi_cleanup(m);
}

/*
 * Two refreshes with one token at the same time (rounds of them, on two
 * connections each, so that both FastCGI processes take one): exactly
 * one gets new tokens, the other 401.  The loser presented a used token,
 * which is what reuse looks like, so the documented rule applies: the
 * whole session is revoked, the winner's new tokens included.  Another
 * session of the user is untouched.
 */
static void
test_refresh_parallel(void)
{
	struct par	 p[2];
	struct tuser	 u, s, other;
	json_object	*o;
	char		 body[T_TOKSZ + 32], acc[T_TOKSZ], ref[T_TOKSZ];
	int		 round, i, ok, denied;

	if (t_register(&u) == -1 || t_login(&u, &other) == -1)
		return;
	for (round = 0; round < 4; round++) {
		if (t_login(&u, &s) == -1)
			return;
		snprintf(body, sizeof(body), "{\"refreshToken\":%s}",
		    t_q(s.refresh));
		refresh_parallel(p, 2, body, t_new_ip());
		ok = denied = 0;
		acc[0] = ref[0] = '\0';
		for (i = 0; i < 2; i++) {
			if (p[i].status == 200 &&
			    (o = json_tokener_parse(p[i].body)) != NULL) {
				ok++;
				snprintf(acc, sizeof(acc), "%s",
				    json_object_get_string(json_object_object_get(o,
				    "accessToken")));
				snprintf(ref, sizeof(ref), "%s",
				    json_object_get_string(json_object_object_get(o,
				    "refreshToken")));
				json_object_put(o);
			} else if (p[i].status == 401 && strstr(p[i].body,
			    "\"UNAUTHORIZED\"") != NULL)
				denied++;
		}
		if (!T_CHECKF(NULL, ok == 1 && denied == 1, "round %d: one "
		    "refresh 200, the other 401 UNAUTHORIZED; got %ld %.200s "
		    "and %ld %.200s", round, p[0].status, p[0].body, p[1].status,
		    p[1].body))
			continue;
		/* Reuse detected: the session is gone, new tokens and all. */
		T_TOKEN_DENIED(acc);
		T_TOKEN_DENIED(s.access);
		T_REFRESH_DENIED(ref);
	}
	T_TOKEN_OK(other.access);
	t_refresh(&other);
}

/*
 * Password spraying: ten wrong passwords for one account, each from
 * another address, lock it for 15 minutes, whatever the address: the
 * right password then gets the same 401 as a wrong one.  Nine do not.
 * The lock ends (its time moved into the past, in the database), and a
 * success starts the count again.
 */
static void
test_login_lockout(void)
{
	struct tuser	 u, v;
	char		 out[64];
	int		 i;

	if (t_register(&u) == -1 || t_register(&v) == -1)
		return;
	/* Nine failures, then the right password: fine, and counted anew. */
	for (i = 0; i < 9; i++)
		T_LOGIN_DENIED(u.email, "Wrong-Passw0rd!");
	T_LOGIN_OK(u.email, u.password);
	for (i = 0; i < 9; i++)
		T_LOGIN_DENIED(u.email, "Wrong-Passw0rd!");
	T_LOGIN_OK(u.email, u.password);
	/* Ten: locked, from any address, with the right password too. */
	for (i = 0; i < 10; i++)
		T_LOGIN_DENIED(u.email, "Wrong-Passw0rd!");
	T_LOGIN_DENIED(u.email, u.password);
	T_LOGIN_DENIED(u.email, u.password);
	/* Only that account: another one signs in. */
	T_LOGIN_OK(v.email, v.password);
	/* The lock does not end sessions. */
	T_TOKEN_OK(u.access);
	if (!T_CHECK(NULL, t_is_id(u.id, "usr_")) ||
	    SQL(out, sizeof(out), "UPDATE users SET locked_until = now() - "
	    "interval '1 second' WHERE id = '%s' RETURNING id", u.id) == -1)
		return;
	T_LOGIN_OK(u.email, u.password);
}

/* Milliseconds of one login of email/password from a fresh IP (-1: not 401). */
static double
login_ms(const char *email, const char *password)
{
	struct tres	 r = {0};
	struct timespec	 a, b;
	char		 xff[96];
	const char	*hdrs[] = { xff, NULL };
	double		 ms;

	snprintf(xff, sizeof(xff), "X-Forwarded-For: %s", t_new_ip());
	clock_gettime(CLOCK_MONOTONIC, &a);
	t_reqh(&r, "POST", "/v1/auth/login", NULL, hdrs,
	    "{\"email\":%s,\"password\":%s}", t_q(email), t_q(password));
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (double)(b.tv_sec - a.tv_sec) * 1e3 +
	    (double)(b.tv_nsec - a.tv_nsec) / 1e6;
	if (r.status != 401)
		ms = -1;
	t_free(&r);
	return ms;
}

static int
cmp_double(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * An unknown email costs a login as much as a wrong password: the
 * medians of five of each (interleaved) are within a factor of two, where
 * skipping the Argon2 hash would make the unknown email ten times faster.
 */
static void
test_login_timing(void)
{
	struct tuser	 u;
	double		 known[5], unknown[5], mk, mu;
	int		 i;

	if (t_register(&u) == -1)
		return;
	for (i = 0; i < 5; i++) {
		known[i] = login_ms(u.email, "Wrong-Passw0rd!");
		unknown[i] = login_ms(t_unique_email(), "Wrong-Passw0rd!");
		if (!T_CHECKF(NULL, known[i] > 0 && unknown[i] > 0, "both "
		    "logins 401"))
			return;
	}
	qsort(known, 5, sizeof(double), cmp_double);
	qsort(unknown, 5, sizeof(double), cmp_double);
	mk = known[2];
	mu = unknown[2];
	T_CHECKF(NULL, mu >= mk / 2 && mu <= mk * 2, "median login time of an "
	    "unknown email (%.1f ms) within a factor of two of a wrong "
	    "password's (%.1f ms)", mu, mk);
	T_LOGIN_OK(u.email, u.password);
}

/*
 * The application log's line for request id rid holds " ip=<ip> ".
 * $RISE_TEST_LOG is the stack's log; the line may take a moment.
 */
static int
logged_ip(const char *rid, const char *ip)
{
	const char	*path = getenv("RISE_TEST_LOG");
	char		 line[2048], want[128], key[96];
	FILE		*f;
	int		 tries, found = 0;

	snprintf(key, sizeof(key), "rid=%s ", rid);
	snprintf(want, sizeof(want), " ip=%s ", ip);
	for (tries = 0; path != NULL && tries < 20 && !found; tries++) {
		if (tries > 0)
			t_msleep(100);
		if ((f = fopen(path, "r")) == NULL)
			break;
		while (fgets(line, sizeof(line), f) != NULL)
			if (strstr(line, key) != NULL && strstr(line, " ip=")) {
				found = strstr(line, want) != NULL ? 1 : -1;
				break;
			}
		fclose(f);
	}
	return found == 1;
}

/*
 * X-Forwarded-For from a peer that is not a trusted proxy (a loopback
 * address other than 127.0.0.1) changes nothing: the login limit (5 per
 * 15 minutes) counts that peer whatever addresses it claims, the claimed
 * addresses are not charged, and the log names the peer.
 */
static void
test_xff_untrusted(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	char		 xff[600], claimed[8][64], rid[64], ridh[96], peer[64];
	const char	*hdrs[] = { xff, ridh, NULL };
	int		 i;

	if (t_register(&u) == -1)
		return;
	snprintf(rid, sizeof(rid), "xff-%ld-%ld", (long)time(NULL),
	    (long)clock());
	snprintf(ridh, sizeof(ridh), "X-Request-ID: %s", rid);
	snprintf(peer, sizeof(peer), "%s", t_untrusted_addr(1));
	t_set_source(peer);
	for (i = 0; i < 6; i++) {
		snprintf(claimed[i], sizeof(claimed[i]), "%s", t_new_ip());
		snprintf(xff, sizeof(xff), "X-Forwarded-For: %s", claimed[i]);
		t_reqh(&r, "POST", "/v1/auth/login", NULL, hdrs,
		    "{\"email\":%s,\"password\":%s}", t_q(u.email),
		    t_q(i < 5 ? "Wrong-Passw0rd!" : u.password));
		if (i < 5)
			T_CHECKF(&r, r.status == 401 && t_body_is(&r,
			    T_LOGIN_FAILED_BODY), "login %d from %s claiming %s: "
			    "401", i + 1, peer, claimed[i]);
		else
			T_ERROR(&r, 429, "RATE_LIMIT_EXCEEDED");
		hdrs[1] = NULL;
	}
	T_CHECKF(NULL, logged_ip(rid, peer), "the log line of request %s says "
	    "ip=%s, not the claimed %s (%s)", rid, peer, claimed[0],
	    getenv("RISE_TEST_LOG") ? getenv("RISE_TEST_LOG") :
	    "RISE_TEST_LOG unset");
	/* The limit is the peer's, counted down from 5 whatever it claims. */
	snprintf(xff, sizeof(xff), "X-Forwarded-For: %s", t_new_ip());
	t_reqh(&r, "POST", "/v1/auth/login", NULL, hdrs,
	    "{\"email\":%s,\"password\":%s}", t_q(u.email), t_q(u.password));
	T_ERROR(&r, 429, "RATE_LIMIT_EXCEEDED");
	t_set_source(NULL);
	/* The claimed addresses, through the trusted proxy, were not charged. */
	snprintf(xff, sizeof(xff), "X-Forwarded-For: %s", claimed[0]);
	t_reqh(&r, "POST", "/v1/auth/login", NULL, hdrs,
	    "{\"email\":%s,\"password\":%s}", t_q(u.email), t_q(u.password));
	T_STATUS(&r, 200);
	T_CHECKF(&r, t_header_int(&r, "X-RateLimit-Remaining") == 4,
	    "%s's own count: 4 of 5 left, got %s", claimed[0],
	    t_header(&r, "X-RateLimit-Remaining") ?
	    t_header(&r, "X-RateLimit-Remaining") : "(none)");
	t_free(&r);
}

void
suite_auth(void)
{
	CU_pSuite	 s = t_suite("auth");

	T_ADD(s, test_register_ok);
	T_ADD(s, test_register_optional_fields);
	T_ADD(s, test_register_duplicate_email);
	T_ADD(s, test_register_validation_all_at_once);
	T_ADD(s, test_register_missing_fields);
	T_ADD(s, test_register_weak_passwords);
	T_ADD(s, test_register_invalid_emails);
	T_ADD(s, test_register_phone);
	T_ADD(s, test_register_role_rejected);
	T_ADD(s, test_register_wrong_types);
	T_ADD(s, test_login_ok);
	T_ADD(s, test_login_bad_credentials);
	T_ADD(s, test_login_missing_fields);
	T_ADD(s, test_refresh_rotation);
	T_ADD(s, test_refresh_reuse_revokes_session);
	T_ADD(s, test_refresh_invalid);
	T_ADD(s, test_refresh_missing);
	T_ADD(s, test_logout_ok);
	T_ADD(s, test_logout_keeps_other_sessions);
	T_ADD(s, test_logout_requires_token);
	T_ADD(s, test_me_requires_auth);
	T_ADD(s, test_token_tampered);
	T_ADD(s, test_token_alg_none);
	T_ADD(s, test_token_signature_swapped);
	T_ADD(s, test_refresh_token_not_bearer);
	T_ADD(s, test_suspended_user);
	T_ADD(s, test_refresh_parallel);
	T_ADD(s, test_login_lockout);
	T_ADD(s, test_login_timing);
	T_ADD(s, test_xff_untrusted);
}
