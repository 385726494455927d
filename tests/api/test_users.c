/*
 * Suite "users": the current user's profile, settings and password
 * (GET/PATCH /v1/users/me, PUT /v1/users/me/password).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <json-c/json.h>

#include "client.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define NEW_PASSWORD	"Changed-Passw0rd#2"

/*
 * The profile has the documented shape: identity, company and phone
 * (string or null), role, settings and two UTC timestamps.
 */
static int
user_shape(const struct tres *r, const struct tuser *u, const char *file,
    int line)
{
	int	 ok = 1;

	ok &= t_check_str(r, "id", u->id, file, line);
	ok &= t_check_str(r, "email", u->email, file, line);
	ok &= t_check_str(r, "role", "consultant", file, line);
	ok &= t_check(t_str(r, "firstName") != NULL &&
	    t_str(r, "lastName") != NULL, r, file, line,
	    "firstName and lastName are strings");
	ok &= t_check((t_str(r, "company") != NULL ||
	    t_isnull(r, "company")) && (t_str(r, "phone") != NULL ||
	    t_isnull(r, "phone")), r, file, line,
	    "company and phone are strings or null");
	ok &= t_check(t_bool(r, "settings.emailNotifications") != -1 &&
	    t_str(r, "settings.theme") != NULL, r, file, line,
	    "settings has emailNotifications (bool) and theme (string)");
	ok &= t_check(t_is_iso8601z(t_str(r, "createdAt")) &&
	    t_is_iso8601z(t_str(r, "updatedAt")), r, file, line,
	    "createdAt and updatedAt are ISO 8601 UTC");
	ok &= t_check(!t_has(r, "password") && !t_has(r, "passwordHash") &&
	    !t_has(r, "password_hash"), r, file, line,
	    "no password material");
	return ok;
}
#define USER_SHAPE(r, u)	user_shape((r), (u), __FILE__, __LINE__)

/* A fresh user's profile, with the defaults. */
static void
test_me_ok(void)
{
	struct tres	 r = {0};
	struct tuser	 u;

	if (t_register(&u) == -1)
		return;
	t_req(&r, "GET", "/v1/users/me", u.access, NULL);
	if (!T_STATUS(&r, 200))
		goto out;
	USER_SHAPE(&r, &u);
	T_STR(&r, "firstName", u.first);
	T_STR(&r, "lastName", u.last);
	T_STR(&r, "company", NULL);
	T_STR(&r, "phone", NULL);
	T_CHECK(&r, t_bool(&r, "settings.emailNotifications") == 1);
	T_STR(&r, "settings.theme", "light");
	T_COMMON(&r);
out:
	t_free(&r);
}

/* PATCH returns the whole updated profile, and GET agrees. */
static void
test_patch_profile(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	int		 pass;

	if (t_register(&u) == -1)
		return;
	t_req(&r, "PATCH", "/v1/users/me", u.access,
	    "{\"firstName\":\"Jane\",\"lastName\":\"Smith\","
	    "\"company\":\"New Company LLC\",\"phone\":\"+14155550123\"}");
	if (!T_STATUS(&r, 200))
		goto out;
	T_COMMON(&r);
	for (pass = 0; pass < 2; pass++) {
		USER_SHAPE(&r, &u);
		T_STR(&r, "firstName", "Jane");
		T_STR(&r, "lastName", "Smith");
		T_STR(&r, "company", "New Company LLC");
		T_STR(&r, "phone", "+14155550123");
		T_CHECK(&r, t_bool(&r, "settings.emailNotifications") == 1);
		T_STR(&r, "settings.theme", "light");
		if (pass == 0) {
			t_req(&r, "GET", "/v1/users/me", u.access, NULL);
			if (!T_STATUS(&r, 200))
				break;
		}
	}
	/* Text with quotes, backslashes and non-ASCII survives. */
	t_req(&r, "PATCH", "/v1/users/me", u.access, "{\"company\":%s}",
	    t_q("O'Brien \"&\" Sons \\ Z\xc3\xbcrich <b>"));
	if (T_STATUS(&r, 200))
		T_STR(&r, "company", "O'Brien \"&\" Sons \\ Z\xc3\xbcrich <b>");
out:
	t_free(&r);
}

/* A partial settings update keeps the other setting. */
static void
test_patch_settings_partial(void)
{
	struct tres	 r = {0};
	struct tuser	 u;

	if (t_register(&u) == -1)
		return;
	t_req(&r, "PATCH", "/v1/users/me", u.access,
	    "{\"settings\":{\"emailNotifications\":false}}");
	if (T_STATUS(&r, 200)) {
		T_CHECK(&r, t_bool(&r, "settings.emailNotifications") == 0);
		T_STR(&r, "settings.theme", "light");
	}
	t_req(&r, "PATCH", "/v1/users/me", u.access,
	    "{\"settings\":{\"theme\":\"dark\"}}");
	if (T_STATUS(&r, 200)) {
		T_CHECK(&r, t_bool(&r, "settings.emailNotifications") == 0);
		T_STR(&r, "settings.theme", "dark");
	}
	t_req(&r, "GET", "/v1/users/me", u.access, NULL);
	if (T_STATUS(&r, 200)) {
		T_CHECK(&r, t_bool(&r, "settings.emailNotifications") == 0);
		T_STR(&r, "settings.theme", "dark");
		T_STR(&r, "firstName", u.first);
	}
	/* An empty settings object changes nothing. */
	t_req(&r, "PATCH", "/v1/users/me", u.access, "{\"settings\":{}}");
	if (T_STATUS(&r, 200)) {
		T_CHECK(&r, t_bool(&r, "settings.emailNotifications") == 0);
		T_STR(&r, "settings.theme", "dark");
	}
	t_free(&r);
}

/* theme is one of light, dark, system. */
static void
test_patch_theme_values(void)
{
	static const char *const good[] = { "system", "light", "dark" };
	static const char *const bad[] = { "blue", "", "Dark", "light " };
	struct tres	 r = {0};
	struct tuser	 u;
	size_t		 i;

	if (t_register(&u) == -1)
		return;
	for (i = 0; i < NELEM(good); i++) {
		t_req(&r, "PATCH", "/v1/users/me", u.access,
		    "{\"settings\":{\"theme\":%s}}", t_q(good[i]));
		if (T_STATUS(&r, 200))
			T_STR(&r, "settings.theme", good[i]);
	}
	for (i = 0; i < NELEM(bad); i++) {
		t_req(&r, "PATCH", "/v1/users/me", u.access,
		    "{\"settings\":{\"theme\":%s}}", t_q(bad[i]));
		T_DETAIL(&r, "settings.theme");
	}
	t_req(&r, "GET", "/v1/users/me", u.access, NULL);
	T_STR(&r, "settings.theme", "dark");
	t_free(&r);
}

/* {} is a valid update that changes nothing. */
static void
test_patch_empty_body(void)
{
	struct tres	 r = {0};
	struct tuser	 u;

	if (t_register(&u) == -1)
		return;
	t_req(&r, "PATCH", "/v1/users/me", u.access, "{}");
	if (T_STATUS(&r, 200)) {
		USER_SHAPE(&r, &u);
		T_STR(&r, "firstName", u.first);
		T_STR(&r, "lastName", u.last);
		T_STR(&r, "company", NULL);
		T_STR(&r, "phone", NULL);
		T_STR(&r, "settings.theme", "light");
	}
	t_free(&r);
}

/*
 * Fields that are not the user's to change (or do not exist) are a
 * validation error naming the field, and nothing changes.
 */
static void
test_patch_forbidden_fields(void)
{
	static const struct {
		const char	*field;
		const char	*body;
	} cases[] = {
		{ "role", "{\"role\":\"admin\"}" },
		{ "email", "{\"email\":\"new-address@example.com\"}" },
		{ "id", "{\"id\":\"usr_0\"}" },
		{ "password", "{\"password\":\"Other-Passw0rd!\"}" },
		{ "status", "{\"status\":\"suspended\"}" },
		{ "createdAt", "{\"createdAt\":\"2000-01-01T00:00:00Z\"}" },
		{ "nickname", "{\"nickname\":\"x\"}" },
		/* A valid change with an invalid one: all or nothing. */
		{ "role", "{\"firstName\":\"Mallory\",\"role\":\"admin\"}" },
	};
	struct tres	 r = {0};
	struct tuser	 u;
	size_t		 i;

	if (t_register(&u) == -1)
		return;
	for (i = 0; i < NELEM(cases); i++) {
		t_req(&r, "PATCH", "/v1/users/me", u.access, "%s",
		    cases[i].body);
		T_DETAIL(&r, cases[i].field);
	}
	t_req(&r, "GET", "/v1/users/me", u.access, NULL);
	if (T_STATUS(&r, 200)) {
		USER_SHAPE(&r, &u);	/* same id, email, role */
		T_STR(&r, "firstName", u.first);
	}
	T_LOGIN_OK(u.email, u.password);
	t_free(&r);
}

/* Role escalation through the profile does not work. */
static void
test_patch_role_escalation(void)
{
	struct tres	 r = {0};
	struct tuser	 u, again;

	if (t_register(&u) == -1)
		return;
	t_req(&r, "PATCH", "/v1/users/me", u.access, "{\"role\":\"admin\"}");
	T_ERROR(&r, 400, "VALIDATION_ERROR");
	T_DETAIL(&r, "role");
	t_req(&r, "GET", "/v1/users/me", u.access, NULL);
	T_STR(&r, "role", "consultant");
	/* Nor in a new session. */
	if (t_login(&u, &again) == 0) {
		t_req(&r, "GET", "/v1/users/me", again.access, NULL);
		T_STR(&r, "role", "consultant");
	}
	t_free(&r);
}

/* Names cannot be emptied. */
static void
test_patch_empty_names(void)
{
	struct tres	 r = {0};
	struct tuser	 u;

	if (t_register(&u) == -1)
		return;
	t_req(&r, "PATCH", "/v1/users/me", u.access, "{\"firstName\":\"\"}");
	T_DETAIL(&r, "firstName");
	t_req(&r, "PATCH", "/v1/users/me", u.access, "{\"lastName\":\"\"}");
	T_DETAIL(&r, "lastName");
	t_req(&r, "GET", "/v1/users/me", u.access, NULL);
	T_STR(&r, "firstName", u.first);
	T_STR(&r, "lastName", u.last);
	t_free(&r);
}

/* Values of the wrong JSON type are named, nested ones with a dot. */
static void
test_patch_wrong_types(void)
{
	static const struct {
		const char	*field;
		const char	*body;
	} cases[] = {
		{ "firstName", "{\"firstName\":5}" },
		{ "lastName", "{\"lastName\":true}" },
		{ "company", "{\"company\":{\"name\":\"x\"}}" },
		{ "phone", "{\"phone\":14155550123}" },
		{ "settings", "{\"settings\":\"dark\"}" },
		{ "settings.emailNotifications",
		    "{\"settings\":{\"emailNotifications\":\"yes\"}}" },
		{ "settings.emailNotifications",
		    "{\"settings\":{\"emailNotifications\":1}}" },
		{ "settings.theme", "{\"settings\":{\"theme\":1}}" },
	};
	struct tres	 r = {0};
	struct tuser	 u;
	size_t		 i;

	if (t_register(&u) == -1)
		return;
	for (i = 0; i < NELEM(cases); i++) {
		t_req(&r, "PATCH", "/v1/users/me", u.access, "%s",
		    cases[i].body);
		T_DETAIL(&r, cases[i].field);
	}
	t_req(&r, "GET", "/v1/users/me", u.access, NULL);
	T_CHECK(&r, t_bool(&r, "settings.emailNotifications") == 1);
	T_STR(&r, "firstName", u.first);
	t_free(&r);
}

/*
 * Phone: E.164 after stripping spaces, dashes, dots and parentheses:
 * "+" then 8 to 15 digits, the first not 0.
 */
static void
test_patch_phone_formats(void)
{
	static const struct {
		const char	*phone;
		const char	*digits;	/* NULL: invalid */
	} cases[] = {
		{ "+1-555-0100", "+15550100" },
		{ "+14155550123", "+14155550123" },
		{ "+44 20 7946 0958", "+442079460958" },
		{ "+1 (415) 555-0123", "+14155550123" },
		{ "+1.415.555.0123", "+14155550123" },
		{ "+12345678", "+12345678" },		/* 8 digits */
		{ "+123456789012345", "+123456789012345" }, /* 15 */
		{ "5550100", NULL },			/* no + */
		{ "14155550123", NULL },		/* no + */
		{ "+0123456789", NULL },		/* leading 0 */
		{ "+1234567", NULL },			/* 7 digits */
		{ "+1234567890123456", NULL },		/* 16 digits */
		{ "+1-555-CALL-NOW", NULL },
		{ "++15550100", NULL },
		{ "+1 555 0100 x12", NULL },
		{ "", NULL },
		{ "+", NULL },
	};
	struct tres	 r = {0};
	struct tuser	 u;
	char		 got[64];
	const char	*p;
	size_t		 i, n;

	if (t_register(&u) == -1)
		return;
	for (i = 0; i < NELEM(cases); i++) {
		t_req(&r, "PATCH", "/v1/users/me", u.access,
		    "{\"phone\":%s}", t_q(cases[i].phone));
		if (cases[i].digits == NULL) {
			T_DETAIL(&r, "phone");
			continue;
		}
		if (!T_CHECKF(&r, r.status == 200, "phone \"%s\" is valid",
		    cases[i].phone))
			continue;
		/* Stored as sent or normalized: the same digits. */
		for (n = 0, p = t_str(&r, "phone"); p != NULL && *p != '\0' &&
		    n < sizeof(got) - 1; p++)
			if (*p == '+' || isdigit((unsigned char)*p))
				got[n++] = *p;
		got[n] = '\0';
		T_CHECKF(&r, strcmp(got, cases[i].digits) == 0,
		    "phone \"%s\" stored as %s", cases[i].phone,
		    cases[i].digits);
	}
	t_free(&r);
}

/* All invalid fields of one PATCH are reported together. */
static void
test_patch_all_errors_at_once(void)
{
	struct tres	 r = {0};
	struct tuser	 u;

	if (t_register(&u) == -1)
		return;
	t_req(&r, "PATCH", "/v1/users/me", u.access,
	    "{\"firstName\":\"\",\"phone\":\"123\",\"role\":\"admin\","
	    "\"settings\":{\"theme\":\"blue\"}}");
	T_ERROR(&r, 400, "VALIDATION_ERROR");
	T_DETAIL(&r, "firstName");
	T_DETAIL(&r, "phone");
	T_DETAIL(&r, "role");
	T_DETAIL(&r, "settings.theme");
	t_free(&r);
}

/* The profile routes need a valid access token. */
static void
test_users_require_auth(void)
{
	struct tres	 r = {0};

	t_req(&r, "PATCH", "/v1/users/me", NULL, "{\"firstName\":\"X\"}");
	T_ERROR(&r, 401, "UNAUTHORIZED");
	t_req(&r, "PUT", "/v1/users/me/password", NULL,
	    "{\"currentPassword\":%s,\"newPassword\":%s}", t_q(T_PASSWORD),
	    t_q(NEW_PASSWORD));
	T_ERROR(&r, 401, "UNAUTHORIZED");
	t_req(&r, "PUT", "/v1/users/me/password", "garbage",
	    "{\"currentPassword\":%s,\"newPassword\":%s}", t_q(T_PASSWORD),
	    t_q(NEW_PASSWORD));
	T_ERROR(&r, 401, "UNAUTHORIZED");
	t_free(&r);
}

/* 204; then only the new password logs in. */
static void
test_password_change_ok(void)
{
	struct tres	 r = {0};
	struct tuser	 u;

	if (t_register(&u) == -1)
		return;
	t_req(&r, "PUT", "/v1/users/me/password", u.access,
	    "{\"currentPassword\":%s,\"newPassword\":%s}", t_q(u.password),
	    t_q(NEW_PASSWORD));
	if (T_STATUS(&r, 204)) {
		T_CHECK(&r, r.bodysz == 0);
		T_COMMON(&r);
	}
	T_LOGIN_DENIED(u.email, u.password);
	T_LOGIN_OK(u.email, NEW_PASSWORD);
	t_free(&r);
}

/*
 * A password change ends the user's other sessions (access and refresh)
 * but not the one that made it.
 */
static void
test_password_change_revokes_other_sessions(void)
{
	struct tres	 r = {0};
	struct tuser	 a, b;

	if (t_register(&a) == -1 || t_login(&a, &b) == -1)
		return;
	t_req(&r, "PUT", "/v1/users/me/password", a.access,
	    "{\"currentPassword\":%s,\"newPassword\":%s}", t_q(a.password),
	    t_q(NEW_PASSWORD));
	if (!T_STATUS(&r, 204))
		goto out;
	T_TOKEN_DENIED(b.access);
	T_REFRESH_DENIED(b.refresh);
	T_TOKEN_OK(a.access);
	if (t_refresh(&a) == 0)
		T_TOKEN_OK(a.access);
out:
	t_free(&r);
}

/* A wrong current password is a validation error, and changes nothing. */
static void
test_password_wrong_current(void)
{
	struct tres	 r = {0};
	struct tuser	 u;

	if (t_register(&u) == -1)
		return;
	t_req(&r, "PUT", "/v1/users/me/password", u.access,
	    "{\"currentPassword\":\"Wrong-Passw0rd!\",\"newPassword\":%s}",
	    t_q(NEW_PASSWORD));
	T_ERROR(&r, 400, "VALIDATION_ERROR");
	T_STR(&r, "error.details.currentPassword",
	    "Current password is incorrect");
	T_TOKEN_OK(u.access);	/* not a 401: the session is fine */
	T_LOGIN_OK(u.email, u.password);
	T_LOGIN_DENIED(u.email, NEW_PASSWORD);
	t_free(&r);
}

/* The new password follows the registration rules. */
static void
test_password_weak_new(void)
{
	struct tres	 r = {0};
	struct tuser	 u;

	if (t_register(&u) == -1)
		return;
	t_req(&r, "PUT", "/v1/users/me/password", u.access,
	    "{\"currentPassword\":%s,\"newPassword\":\"weakpass\"}",
	    t_q(u.password));
	T_DETAIL(&r, "newPassword");
	T_LOGIN_OK(u.email, u.password);
	t_free(&r);
}

/* Both fields are required. */
static void
test_password_missing_fields(void)
{
	struct tres	 r = {0};
	struct tuser	 u;

	if (t_register(&u) == -1)
		return;
	t_req(&r, "PUT", "/v1/users/me/password", u.access, "{}");
	T_ERROR(&r, 400, "VALIDATION_ERROR");
	T_DETAIL(&r, "currentPassword");
	T_DETAIL(&r, "newPassword");
	t_free(&r);
}

void
suite_users(void)
{
	CU_pSuite	 s = t_suite("users");

	T_ADD(s, test_me_ok);
	T_ADD(s, test_patch_profile);
	T_ADD(s, test_patch_settings_partial);
	T_ADD(s, test_patch_theme_values);
	T_ADD(s, test_patch_empty_body);
	T_ADD(s, test_patch_forbidden_fields);
	T_ADD(s, test_patch_role_escalation);
	T_ADD(s, test_patch_empty_names);
	T_ADD(s, test_patch_wrong_types);
	T_ADD(s, test_patch_phone_formats);
	T_ADD(s, test_patch_all_errors_at_once);
	T_ADD(s, test_users_require_auth);
	T_ADD(s, test_password_change_ok);
	T_ADD(s, test_password_change_revokes_other_sessions);
	T_ADD(s, test_password_wrong_current);
	T_ADD(s, test_password_weak_new);
	T_ADD(s, test_password_missing_fields);
}
