/*
 * Suite "assessments": a consultant's client assessments
 * (POST/GET /v1/assessments, GET/PATCH/DELETE /v1/assessments/:id):
 * creation and its validation, the unique link, listing with filters,
 * sorting and pagination, updates and status moves, expiry, soft
 * deletion, and that nobody but the owner (or an admin) sees or touches
 * an assessment.  Answering and scoring are in test_responses.c.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <CUnit/CUnit.h>
#include <json-c/json.h>

#include "client.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define REQUIRED_QS	60	/* required questions in the seeded bank */
#define NO_ASM		"asm_00000000000000000000"


/*
 * The detail object of GET and PATCH /v1/assessments/:id: every documented
 * key with a value of the right type.
 */
static int
detail_shape_at(const struct tres *r, const char *id, const char *file,
    int line)
{
	const char	*type = t_str(r, "assessmentType");
	const char	*st = t_str(r, "status");
	long long	 p = t_int(r, "progress");
	int		 ok = 1;

	ok &= t_check_str(r, "id", id, file, line);
	ok &= t_check(t_str(r, "userId") != NULL &&
	    t_str(r, "clientName") != NULL &&
	    t_str(r, "clientEmail") != NULL &&
	    t_str(r, "businessName") != NULL, r, file, line,
	    "userId, clientName, clientEmail, businessName are strings");
	ok &= t_check(t_str(r, "industry") != NULL || t_isnull(r, "industry"),
	    r, file, line, "industry is a string or null");
	ok &= t_check(t_str(r, "notes") != NULL || t_isnull(r, "notes"),
	    r, file, line, "notes is a string or null");
	ok &= t_check(type != NULL && (strcmp(type, "self-administered") == 0 ||
	    strcmp(type, "collaborative") == 0), r, file, line,
	    "assessmentType is self-administered or collaborative");
	ok &= t_check(st != NULL && (strcmp(st, "pending") == 0 ||
	    strcmp(st, "in_progress") == 0 || strcmp(st, "completed") == 0 ||
	    strcmp(st, "expired") == 0), r, file, line,
	    "status is pending, in_progress, completed or expired");
	ok &= t_check(p >= 0 && p <= 100, r, file, line,
	    "progress is an integer 0..100");
	ok &= t_check_link(r, id, NULL, file, line);
	ok &= t_check(t_has(r, "discProfile") && t_has(r, "phaseResults") &&
	    (t_isnull(r, "discProfile") || json_object_is_type(
	    t_get(r, "discProfile"), json_type_object)) &&
	    (t_isnull(r, "phaseResults") || json_object_is_type(
	    t_get(r, "phaseResults"), json_type_object)), r, file, line,
	    "discProfile and phaseResults are objects or null");
	ok &= t_check(t_is_iso8601z(t_str(r, "createdAt")) &&
	    t_is_iso8601z(t_str(r, "updatedAt")) &&
	    t_is_iso8601z(t_str(r, "expiresAt")), r, file, line,
	    "createdAt, updatedAt, expiresAt are ISO 8601 UTC");
	ok &= t_check(t_isnull(r, "completedAt") ||
	    t_is_iso8601z(t_str(r, "completedAt")), r, file, line,
	    "completedAt is ISO 8601 UTC or null");
	return ok;
}
#define DETAIL_SHAPE(r, id)	detail_shape_at((r), (id), __FILE__, __LINE__)

/* Not yet completed: no results. */
static int
no_results_at(const struct tres *r, const char *file, int line)
{

	return t_check(t_isnull(r, "discProfile") &&
	    t_isnull(r, "phaseResults") && t_isnull(r, "completedAt"),
	    r, file, line, "discProfile, phaseResults, completedAt are null");
}
#define NO_RESULTS(r)	no_results_at((r), __FILE__, __LINE__)

/*
 * Create an assessment for u (a valid body: clientName as given, the
 * other fields fixed) and check the 201.  Returns 0, or -1 after
 * recording a failure.
 */
static int
asm_new_at(const struct tuser *u, const char *client, const char *type,
    struct tasm *a, const char *file, int line)
{

	return t_asm_new_at(u, a, file, line,
	    "{\"clientName\":%s,\"clientEmail\":\"owner@example.com\","
	    "\"businessName\":\"ABC Manufacturing\","
	    "\"industry\":\"Manufacturing\",\"assessmentType\":%s,"
	    "\"notes\":\"Initial consultation\"}", t_q(client), t_q(type));
}
#define ASM_NEW(u, client, a) \
	asm_new_at((u), (client), "self-administered", (a), __FILE__, __LINE__)


/* The index of id in the response's "assessments" array, or -1. */
static int
list_index(const struct tres *r, const char *id)
{

	return (int)t_array_find(r, "assessments", "id", id);
}

/* "assessments.<i>.<key>" in buf. */
static const char *
item(char *buf, size_t sz, long i, const char *key)
{

	snprintf(buf, sz, "assessments.%ld.%s", i, key);
	return buf;
}

/* Length of the "assessments" array, -1 if there is none. */
static long
list_len(const struct tres *r)
{

	return t_array_len(r, "assessments");
}

/*
 * The list's "assessments" ids are exactly want[0..n-1], in that order.
 */
static int
list_is_at(const struct tres *r, const char *const *want, size_t n,
    const char *file, int line)
{
	char		 path[64];
	const char	*got;
	size_t		 i;
	int		 ok = list_len(r) == (long)n;

	for (i = 0; ok && i < n; i++) {
		snprintf(path, sizeof(path), "assessments.%zu.id", i);
		got = t_str(r, path);
		ok = got != NULL && strcmp(got, want[i]) == 0;
	}
	return t_check(ok, r, file, line,
	    "the list holds exactly the %zu expected assessments, in order",
	    n);
}
#define LIST_IS(r, want, n)	list_is_at((r), (want), (n), __FILE__, __LINE__)

/* The pagination object. */
static int
pagination_at(const struct tres *r, long long page, long long limit,
    long long total, long long pages, int next, int prev, const char *file,
    int line)
{
	int	 ok = 1;

	ok &= t_check_int(r, "pagination.page", page, file, line);
	ok &= t_check_int(r, "pagination.limit", limit, file, line);
	ok &= t_check_int(r, "pagination.total", total, file, line);
	ok &= t_check_int(r, "pagination.totalPages", pages, file, line);
	ok &= t_check(t_bool(r, "pagination.hasNext") == next &&
	    t_bool(r, "pagination.hasPrev") == prev, r, file, line,
	    "pagination.hasNext is %s and hasPrev is %s",
	    next ? "true" : "false", prev ? "true" : "false");
	return ok;
}
#define PAGINATION(r, pg, lim, tot, pages, next, prev) \
	pagination_at((r), (pg), (lim), (tot), (pages), (next), (prev), \
	    __FILE__, __LINE__)

/* --- POST /v1/assessments -------------------------------------------- */

/* 201 with the documented object; GET shows the same. */
static void
test_create_ok(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	struct tasm	 a;
	char		 path[64], created[40];
	const char	*id;
	long long	 c, e, now = (long long)time(NULL);

	if (t_register(&u) == -1)
		return;
	t_req(&r, "POST", "/v1/assessments", u.access,
	    "{\"clientName\":\"John Business Owner\","
	    "\"clientEmail\":\"john@business.com\","
	    "\"businessName\":\"ABC Manufacturing\","
	    "\"industry\":\"Manufacturing\","
	    "\"assessmentType\":\"self-administered\","
	    "\"notes\":\"Initial consultation assessment\"}");
	if (!T_STATUS(&r, 201))
		goto out;
	T_COMMON(&r);
	id = t_str(&r, "id");
	if (!T_CHECKF(&r, t_is_asm_id(id), "id matches ^asm_[0-9a-z]{20}$"))
		goto out;
	snprintf(a.id, sizeof(a.id), "%s", id);
	T_STR(&r, "userId", u.id);
	T_STR(&r, "clientName", "John Business Owner");
	T_STR(&r, "clientEmail", "john@business.com");
	T_STR(&r, "businessName", "ABC Manufacturing");
	T_STR(&r, "industry", "Manufacturing");
	T_STR(&r, "assessmentType", "self-administered");
	T_STR(&r, "status", "pending");
	if (!t_check_link(&r, a.id, &a, __FILE__, __LINE__))
		goto out;
	c = t_iso_epoch(t_str(&r, "createdAt"));
	e = t_iso_epoch(t_str(&r, "expiresAt"));
	T_CHECKF(&r, c != -1 && c >= now - 300 && c <= now + 300,
	    "createdAt is ISO 8601 UTC and about now");
	T_CHECKF(&r, e != -1 && c != -1 &&
	    e - c >= 7 * 86400 - 1 && e - c <= 7 * 86400 + 1,
	    "expiresAt is createdAt + 7 days");
	snprintf(created, sizeof(created), "%s",
	    t_str(&r, "createdAt") ? t_str(&r, "createdAt") : "");

	/* The detail agrees, with the same link. */
	snprintf(path, sizeof(path), "/v1/assessments/%s", a.id);
	t_req(&r, "GET", path, u.access, NULL);
	if (!T_STATUS(&r, 200))
		goto out;
	T_COMMON(&r);
	DETAIL_SHAPE(&r, a.id);
	T_STR(&r, "userId", u.id);
	T_STR(&r, "clientName", "John Business Owner");
	T_STR(&r, "clientEmail", "john@business.com");
	T_STR(&r, "businessName", "ABC Manufacturing");
	T_STR(&r, "industry", "Manufacturing");
	T_STR(&r, "assessmentType", "self-administered");
	T_STR(&r, "status", "pending");
	T_STR(&r, "notes", "Initial consultation assessment");
	T_STR(&r, "uniqueLink", a.link);
	T_STR(&r, "createdAt", created);
	T_INT(&r, "progress", 0);
	NO_RESULTS(&r);
out:
	t_free(&r);
}

/* industry and notes are optional (null); collaborative is a type. */
static void
test_create_minimal(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	char		 path[64];
	const char	*id;

	if (t_register(&u) == -1)
		return;
	t_req(&r, "POST", "/v1/assessments", u.access,
	    "{\"clientName\":\"Mia Minimal\",\"clientEmail\":\"mia@example.org\","
	    "\"businessName\":\"Minimal Ltd\","
	    "\"assessmentType\":\"collaborative\"}");
	if (!T_STATUS(&r, 201))
		goto out;
	T_STR(&r, "assessmentType", "collaborative");
	T_STR(&r, "industry", NULL);
	T_STR(&r, "status", "pending");
	id = t_str(&r, "id");
	if (!T_CHECK(&r, t_is_asm_id(id)))
		goto out;
	snprintf(path, sizeof(path), "/v1/assessments/%s", id);
	t_req(&r, "GET", path, u.access, NULL);
	if (T_STATUS(&r, 200)) {
		T_STR(&r, "assessmentType", "collaborative");
		T_STR(&r, "industry", NULL);
		T_STR(&r, "notes", NULL);
	}
	/* Explicit nulls for the optional fields are fine too. */
	t_req(&r, "POST", "/v1/assessments", u.access,
	    "{\"clientName\":\"Nul Null\",\"clientEmail\":\"nul@example.org\","
	    "\"businessName\":\"Null Ltd\",\"industry\":null,\"notes\":null,"
	    "\"assessmentType\":\"self-administered\"}");
	if (T_STATUS(&r, 201))
		T_STR(&r, "industry", NULL);
out:
	t_free(&r);
}

/* Every field error at once. */
static void
test_create_missing_fields(void)
{
	struct tres	 r = {0};
	struct tuser	 u;

	if (t_register(&u) == -1)
		return;
	t_req(&r, "POST", "/v1/assessments", u.access, "{}");
	T_ERROR(&r, 400, "VALIDATION_ERROR");
	T_DETAIL(&r, "clientName");
	T_DETAIL(&r, "clientEmail");
	T_DETAIL(&r, "businessName");
	T_DETAIL(&r, "assessmentType");
	T_COMMON(&r);

	t_req(&r, "POST", "/v1/assessments", u.access,
	    "{\"clientName\":\"\",\"clientEmail\":\"not-an-email\","
	    "\"businessName\":\"\",\"assessmentType\":\"solo\"}");
	T_ERROR(&r, 400, "VALIDATION_ERROR");
	T_DETAIL(&r, "clientName");
	T_STR(&r, "error.details.clientEmail", "Invalid email format");
	T_DETAIL(&r, "businessName");
	T_DETAIL(&r, "assessmentType");

	/* None of them was created. */
	t_req(&r, "GET", "/v1/assessments", u.access, NULL);
	if (T_STATUS(&r, 200))
		T_INT(&r, "pagination.total", 0);
	t_free(&r);
}

/* Field by field: formats, enumerations, types and lengths. */
static void
test_create_field_rules(void)
{
	static const char *const bad_emails[] = {
		"not-an-email", "john@", "@business.com", "john business@x.com",
		"john@business", "",
	};
	static const char *const bad_types[] = {
		"Self-Administered", "self_administered", "other", "",
	};
	struct tres	 r = {0};
	struct tuser	 u;
	char		 s200[201], s201[202], s100[101], s101[102];
	char		 u200[401], *n5000, *n5001;
	size_t		 i;

	if (t_register(&u) == -1)
		return;
	memset(s200, 'a', 200);
	s200[200] = '\0';
	memset(s201, 'b', 201);
	s201[201] = '\0';
	memset(s100, 'c', 100);
	s100[100] = '\0';
	memset(s101, 'd', 101);
	s101[101] = '\0';
	for (i = 0; i < 200; i++)
		memcpy(u200 + 2 * i, "\xc3\xa9", 2);	/* 200 x U+00E9 */
	u200[400] = '\0';
	if ((n5000 = malloc(5001)) == NULL || (n5001 = malloc(5002)) == NULL)
		abort();
	memset(n5000, 'n', 5000);
	n5000[5000] = '\0';
	memset(n5001, 'n', 5001);
	n5001[5001] = '\0';

	for (i = 0; i < NELEM(bad_emails); i++) {
		t_req(&r, "POST", "/v1/assessments", u.access,
		    "{\"clientName\":\"A\",\"clientEmail\":%s,"
		    "\"businessName\":\"B\","
		    "\"assessmentType\":\"collaborative\"}",
		    t_q(bad_emails[i]));
		T_DETAIL(&r, "clientEmail");
	}
	t_req(&r, "POST", "/v1/assessments", u.access,
	    "{\"clientName\":\"A\",\"clientEmail\":\"john@\","
	    "\"businessName\":\"B\",\"assessmentType\":\"collaborative\"}");
	T_STR(&r, "error.details.clientEmail", "Invalid email format");
	for (i = 0; i < NELEM(bad_types); i++) {
		t_req(&r, "POST", "/v1/assessments", u.access,
		    "{\"clientName\":\"A\",\"clientEmail\":\"a@example.com\","
		    "\"businessName\":\"B\",\"assessmentType\":%s}",
		    t_q(bad_types[i]));
		T_DETAIL(&r, "assessmentType");
	}

	/* Lengths: 200 / 100 / 5000 characters are the most. */
	t_req(&r, "POST", "/v1/assessments", u.access,
	    "{\"clientName\":%s,\"clientEmail\":\"a@example.com\","
	    "\"businessName\":%s,\"industry\":%s,\"notes\":%s,"
	    "\"assessmentType\":\"collaborative\"}",
	    t_q(s200), t_q(s200), t_q(s100), t_q(n5000));
	if (T_STATUS(&r, 201)) {
		T_STR(&r, "clientName", s200);
		T_STR(&r, "businessName", s200);
		T_STR(&r, "industry", s100);
	}
	/* Characters, not bytes: 200 two-byte characters fit. */
	t_req(&r, "POST", "/v1/assessments", u.access,
	    "{\"clientName\":%s,\"clientEmail\":\"a@example.com\","
	    "\"businessName\":\"B\",\"assessmentType\":\"collaborative\"}",
	    t_q(u200));
	if (T_STATUS(&r, 201))
		T_STR(&r, "clientName", u200);
	t_req(&r, "POST", "/v1/assessments", u.access,
	    "{\"clientName\":%s,\"clientEmail\":\"a@example.com\","
	    "\"businessName\":%s,\"industry\":%s,\"notes\":%s,"
	    "\"assessmentType\":\"collaborative\"}",
	    t_q(s201), t_q(s201), t_q(s101), t_q(n5001));
	T_ERROR(&r, 400, "VALIDATION_ERROR");
	T_DETAIL(&r, "clientName");
	T_DETAIL(&r, "businessName");
	T_DETAIL(&r, "industry");
	T_DETAIL(&r, "notes");

	/* Wrong JSON types. */
	t_req(&r, "POST", "/v1/assessments", u.access,
	    "{\"clientName\":5,\"clientEmail\":[\"a@example.com\"],"
	    "\"businessName\":true,\"industry\":7,\"notes\":{},"
	    "\"assessmentType\":1}");
	T_ERROR(&r, 400, "VALIDATION_ERROR");
	T_DETAIL(&r, "clientName");
	T_DETAIL(&r, "clientEmail");
	T_DETAIL(&r, "businessName");
	T_DETAIL(&r, "industry");
	T_DETAIL(&r, "notes");
	T_DETAIL(&r, "assessmentType");

	/* Exactly the two valid ones exist. */
	t_req(&r, "GET", "/v1/assessments", u.access, NULL);
	if (T_STATUS(&r, 200))
		T_INT(&r, "pagination.total", 2);
	free(n5000);
	free(n5001);
	t_free(&r);
}

/* Fields that are not the consultant's to set are named; nothing made. */
static void
test_create_unknown_fields(void)
{
	static const struct {
		const char	*field;
		const char	*extra;
	} cases[] = {
		{ "status", "\"status\":\"completed\"" },
		{ "userId", "\"userId\":\"usr_someoneelse\"" },
		{ "foo", "\"foo\":1" },
		{ "id", "\"id\":\"asm_aaaaaaaaaaaaaaaaaaaa\"" },
		{ "expiresAt", "\"expiresAt\":\"2099-01-01T00:00:00Z\"" },
		{ "uniqueLink", "\"uniqueLink\":\"http://evil.example/\"" },
		{ "progress", "\"progress\":100" },
	};
	struct tres	 r = {0};
	struct tuser	 u;
	size_t		 i;

	if (t_register(&u) == -1)
		return;
	for (i = 0; i < NELEM(cases); i++) {
		t_req(&r, "POST", "/v1/assessments", u.access,
		    "{\"clientName\":\"A\",\"clientEmail\":\"a@example.com\","
		    "\"businessName\":\"B\","
		    "\"assessmentType\":\"collaborative\",%s}",
		    cases[i].extra);
		T_ERROR(&r, 400, "VALIDATION_ERROR");
		T_DETAIL(&r, cases[i].field);
	}
	t_req(&r, "GET", "/v1/assessments", u.access, NULL);
	if (T_STATUS(&r, 200))
		T_INT(&r, "pagination.total", 0);
	t_free(&r);
}

/* Not JSON, or not an object: a 400 of some kind, nothing made. */
static void
test_create_malformed_body(void)
{
	struct tres	 r = {0};
	struct tuser	 u;

	if (t_register(&u) == -1)
		return;
	t_req(&r, "POST", "/v1/assessments", u.access, "{\"clientName\":");
	T_CHECK(&r, r.status == 400 && t_code(&r) != NULL);
	t_req(&r, "POST", "/v1/assessments", u.access, "[1,2]");
	T_CHECK(&r, r.status == 400 && t_code(&r) != NULL);
	t_req(&r, "GET", "/v1/assessments", u.access, NULL);
	if (T_STATUS(&r, 200))
		T_INT(&r, "pagination.total", 0);
	t_free(&r);
}

/* Two assessments never share an id or a secret. */
static void
test_create_distinct_links(void)
{
	struct tuser	 u;
	struct tasm	 a, b;

	if (t_register(&u) == -1 || ASM_NEW(&u, "First", &a) == -1 ||
	    ASM_NEW(&u, "Second", &b) == -1)
		return;
	T_CHECK(NULL, strcmp(a.id, b.id) != 0);
	/* "asm_" + 20 + "_": the secrets start at 25. */
	T_CHECK(NULL, strcmp(a.token + 25, b.token + 25) != 0);
}

/* Every assessment route wants a valid access token. */
static void
test_assessments_require_auth(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	struct tasm	 a;
	char		 path[64], hdr[200];
	const char	*hdrs[] = { hdr, NULL };
	static const char body[] = "{\"clientName\":\"A\","
	    "\"clientEmail\":\"a@example.com\",\"businessName\":\"B\","
	    "\"assessmentType\":\"collaborative\"}";

	if (t_register(&u) == -1 || ASM_NEW(&u, "Auth", &a) == -1)
		return;
	snprintf(path, sizeof(path), "/v1/assessments/%s", a.id);
	t_req(&r, "POST", "/v1/assessments", NULL, "%s", body);
	T_ERROR(&r, 401, "UNAUTHORIZED");
	T_COMMON(&r);
	t_req(&r, "POST", "/v1/assessments", "not-a-token", "%s", body);
	T_ERROR(&r, 401, "UNAUTHORIZED");
	t_req(&r, "GET", "/v1/assessments", NULL, NULL);
	T_ERROR(&r, 401, "UNAUTHORIZED");
	t_req(&r, "GET", path, NULL, NULL);
	T_ERROR(&r, 401, "UNAUTHORIZED");
	t_req(&r, "PATCH", path, NULL, "{\"notes\":\"x\"}");
	T_ERROR(&r, 401, "UNAUTHORIZED");
	t_req(&r, "DELETE", path, NULL, NULL);
	T_ERROR(&r, 401, "UNAUTHORIZED");

	/* The client's link token opens none of them: they carry scores. */
	snprintf(hdr, sizeof(hdr), "X-Assessment-Token: %s", a.token);
	t_reqh(&r, "GET", path, NULL, hdrs, NULL);
	T_ERROR(&r, 401, "UNAUTHORIZED");
	t_reqh(&r, "GET", "/v1/assessments", NULL, hdrs, NULL);
	T_ERROR(&r, 401, "UNAUTHORIZED");
	t_reqh(&r, "PATCH", path, NULL, hdrs, "{\"notes\":\"client\"}");
	T_ERROR(&r, 401, "UNAUTHORIZED");
	t_reqh(&r, "DELETE", path, NULL, hdrs, NULL);
	T_ERROR(&r, 401, "UNAUTHORIZED");

	t_req(&r, "GET", path, u.access, NULL);
	if (T_STATUS(&r, 200))
		T_STR(&r, "notes", "Initial consultation");
	t_free(&r);
}

/* --- GET /v1/assessments --------------------------------------------- */

/* A consultant lists only their own; the items have the list shape. */
static void
test_list_own_only(void)
{
	struct tres	 r = {0};
	struct tuser	 a, b;
	struct tasm	 a1, a2, b1;
	const char	*want_a[2], *want_b[1];
	long		 i;
	char		 p[64];

	if (t_register(&a) == -1 || t_register(&b) == -1 ||
	    ASM_NEW(&a, "Alice Client", &a1) == -1 ||
	    ASM_NEW(&b, "Bob Client", &b1) == -1 ||
	    ASM_NEW(&a, "Another Client", &a2) == -1)
		return;
	want_a[0] = a2.id;	/* newest first */
	want_a[1] = a1.id;
	want_b[0] = b1.id;

	t_req(&r, "GET", "/v1/assessments", a.access, NULL);
	if (!T_STATUS(&r, 200))
		goto out;
	T_COMMON(&r);
	LIST_IS(&r, want_a, 2);
	PAGINATION(&r, 1, 20, 2, 1, 0, 0);
	for (i = 0; i < list_len(&r); i++) {
		T_CHECKF(&r, t_str(&r, item(p, sizeof(p), i, "clientName")) !=
		    NULL && t_str(&r, item(p, sizeof(p), i, "businessName")) !=
		    NULL, "item %ld has clientName and businessName", i);
		T_CHECKF(&r, t_str(&r, item(p, sizeof(p), i, "status")) != NULL &&
		    strcmp(t_str(&r, item(p, sizeof(p), i, "status")),
		    "pending") == 0, "item %ld has status pending", i);
		T_CHECKF(&r, t_int(&r, item(p, sizeof(p), i, "progress")) == 0,
		    "item %ld has progress 0", i);
		T_CHECKF(&r, t_is_iso8601z(t_str(&r, item(p, sizeof(p), i,
		    "createdAt"))) && t_is_iso8601z(t_str(&r, item(p, sizeof(p),
		    i, "updatedAt"))), "item %ld has createdAt and updatedAt", i);
	}
	T_STR(&r, "assessments.0.clientName", "Another Client");
	T_STR(&r, "assessments.0.businessName", "ABC Manufacturing");

	t_req(&r, "GET", "/v1/assessments", b.access, NULL);
	if (T_STATUS(&r, 200)) {
		LIST_IS(&r, want_b, 1);
		PAGINATION(&r, 1, 20, 1, 1, 0, 0);
	}
out:
	t_free(&r);
}

/* A fresh consultant has an empty list. */
static void
test_list_empty(void)
{
	struct tres	 r = {0};
	struct tuser	 u;

	if (t_register(&u) == -1)
		return;
	t_req(&r, "GET", "/v1/assessments", u.access, NULL);
	if (T_STATUS(&r, 200)) {
		T_CHECK(&r, list_len(&r) == 0);
		T_INT(&r, "pagination.page", 1);
		T_INT(&r, "pagination.limit", 20);
		T_INT(&r, "pagination.total", 0);
		T_CHECK(&r, t_bool(&r, "pagination.hasNext") == 0 &&
		    t_bool(&r, "pagination.hasPrev") == 0);
	}
	t_free(&r);
}

/* page and limit walk the list; past the end is an empty page. */
static void
test_list_pagination(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	struct tasm	 a[5];
	const char	*desc[5], *asc[5];
	char		 name[32];
	size_t		 i;

	if (t_register(&u) == -1)
		return;
	for (i = 0; i < 5; i++) {
		snprintf(name, sizeof(name), "Client %zu", i + 1);
		if (ASM_NEW(&u, name, &a[i]) == -1)
			return;
		asc[i] = a[i].id;
		desc[4 - i] = a[i].id;
	}

	t_req(&r, "GET", "/v1/assessments?limit=2", u.access, NULL);
	if (T_STATUS(&r, 200)) {
		LIST_IS(&r, desc, 2);
		PAGINATION(&r, 1, 2, 5, 3, 1, 0);
	}
	t_req(&r, "GET", "/v1/assessments?limit=2&page=2", u.access, NULL);
	if (T_STATUS(&r, 200)) {
		LIST_IS(&r, desc + 2, 2);
		PAGINATION(&r, 2, 2, 5, 3, 1, 1);
	}
	t_req(&r, "GET", "/v1/assessments?page=3&limit=2", u.access, NULL);
	if (T_STATUS(&r, 200)) {
		LIST_IS(&r, desc + 4, 1);
		PAGINATION(&r, 3, 2, 5, 3, 0, 1);
	}
	t_req(&r, "GET", "/v1/assessments?page=4&limit=2", u.access, NULL);
	if (T_STATUS(&r, 200)) {
		LIST_IS(&r, desc, 0);
		T_INT(&r, "pagination.total", 5);
		T_INT(&r, "pagination.totalPages", 3);
		T_CHECK(&r, t_bool(&r, "pagination.hasNext") == 0);
	}
	t_req(&r, "GET", "/v1/assessments?page=99", u.access, NULL);
	if (T_STATUS(&r, 200)) {
		LIST_IS(&r, desc, 0);
		T_INT(&r, "pagination.total", 5);
	}
	/* Defaults, and the explicit default values. */
	t_req(&r, "GET", "/v1/assessments", u.access, NULL);
	if (T_STATUS(&r, 200)) {
		LIST_IS(&r, desc, 5);
		PAGINATION(&r, 1, 20, 5, 1, 0, 0);
	}
	t_req(&r, "GET",
	    "/v1/assessments?page=1&limit=20&sort=createdAt&order=desc",
	    u.access, NULL);
	if (T_STATUS(&r, 200))
		LIST_IS(&r, desc, 5);
	t_req(&r, "GET", "/v1/assessments?sort=createdAt&order=asc", u.access,
	    NULL);
	if (T_STATUS(&r, 200))
		LIST_IS(&r, asc, 5);
	t_req(&r, "GET", "/v1/assessments?order=asc&limit=1&page=5", u.access,
	    NULL);
	if (T_STATUS(&r, 200)) {
		LIST_IS(&r, asc + 4, 1);
		PAGINATION(&r, 5, 1, 5, 5, 0, 1);
	}
	t_free(&r);
}

/* A limit over 100 is clamped to 100, not refused. */
static void
test_list_limit_clamped(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	struct tasm	 a;

	if (t_register(&u) == -1 || ASM_NEW(&u, "Clamp", &a) == -1)
		return;
	t_req(&r, "GET", "/v1/assessments?limit=101", u.access, NULL);
	if (T_STATUS(&r, 200)) {
		T_INT(&r, "pagination.limit", 100);
		T_CHECK(&r, list_index(&r, a.id) == 0);
	}
	t_req(&r, "GET", "/v1/assessments?limit=1000000", u.access, NULL);
	if (T_STATUS(&r, 200))
		T_INT(&r, "pagination.limit", 100);
	t_req(&r, "GET", "/v1/assessments?limit=100", u.access, NULL);
	if (T_STATUS(&r, 200))
		T_INT(&r, "pagination.limit", 100);
	t_req(&r, "GET", "/v1/assessments?limit=1", u.access, NULL);
	if (T_STATUS(&r, 200)) {
		T_INT(&r, "pagination.limit", 1);
		T_INT(&r, "pagination.totalPages", 1);
	}
	t_free(&r);
}

/* Bad query parameters are validation errors naming the parameter. */
static void
test_list_invalid_params(void)
{
	static const struct {
		const char	*field;
		const char	*query;
	} cases[] = {
		{ "page", "page=0" },
		{ "page", "page=abc" },
		{ "page", "page=-1" },
		{ "page", "page=1.5" },
		{ "page", "page=1x" },
		{ "limit", "limit=0" },
		{ "limit", "limit=abc" },
		{ "limit", "limit=-1" },
		{ "limit", "limit=2.5" },
		{ "sort", "sort=name" },
		{ "sort", "sort=created_at" },
		{ "sort", "sort=clientname" },
		{ "sort", "sort=id;DROP%20TABLE%20assessments" },
		{ "order", "order=up" },
		{ "order", "order=ASCENDING" },
		{ "status", "status=done" },
		{ "status", "status=deleted" },
		{ "status", "status=Pending" },
	};
	struct tres	 r = {0};
	struct tuser	 u;
	char		 path[128];
	size_t		 i;

	if (t_register(&u) == -1)
		return;
	for (i = 0; i < NELEM(cases); i++) {
		snprintf(path, sizeof(path), "/v1/assessments?%s",
		    cases[i].query);
		t_req(&r, "GET", path, u.access, NULL);
		T_ERROR(&r, 400, "VALIDATION_ERROR");
		T_DETAIL(&r, cases[i].field);
	}
	/* Several at once. */
	t_req(&r, "GET", "/v1/assessments?page=0&limit=x&sort=y&order=z"
	    "&status=w", u.access, NULL);
	T_DETAIL(&r, "page");
	T_DETAIL(&r, "limit");
	T_DETAIL(&r, "sort");
	T_DETAIL(&r, "order");
	T_DETAIL(&r, "status");
	t_free(&r);
}

/* clientName sorts alphabetically, whatever the case. */
static void
test_list_sort_client_name(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	struct tasm	 bravo, alpha, charlie, delta;
	const char	*asc[4], *desc[4];

	if (t_register(&u) == -1 || ASM_NEW(&u, "bravo", &bravo) == -1 ||
	    ASM_NEW(&u, "Delta", &delta) == -1 ||
	    ASM_NEW(&u, "Alpha", &alpha) == -1 ||
	    ASM_NEW(&u, "charlie", &charlie) == -1)
		return;
	/* Byte order would give Alpha, Delta, bravo, charlie. */
	asc[0] = desc[3] = alpha.id;
	asc[1] = desc[2] = bravo.id;
	asc[2] = desc[1] = charlie.id;
	asc[3] = desc[0] = delta.id;
	t_req(&r, "GET", "/v1/assessments?sort=clientName&order=asc",
	    u.access, NULL);
	if (T_STATUS(&r, 200))
		LIST_IS(&r, asc, 4);
	t_req(&r, "GET", "/v1/assessments?sort=clientName&order=desc",
	    u.access, NULL);
	if (T_STATUS(&r, 200))
		LIST_IS(&r, desc, 4);
	/* desc is the default order. */
	t_req(&r, "GET", "/v1/assessments?sort=clientName", u.access, NULL);
	if (T_STATUS(&r, 200))
		LIST_IS(&r, desc, 4);
	t_req(&r, "GET", "/v1/assessments?sort=clientName&order=asc&limit=2"
	    "&page=2", u.access, NULL);
	if (T_STATUS(&r, 200))
		LIST_IS(&r, asc + 2, 2);
	t_free(&r);
}

/* updatedAt moves with a change; sort=updatedAt follows it. */
static void
test_list_sort_updated_at(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	struct tasm	 first, second;
	const char	*first_last[2], *second_last[2];
	char		 path[64];

	if (t_register(&u) == -1 || ASM_NEW(&u, "First", &first) == -1 ||
	    ASM_NEW(&u, "Second", &second) == -1)
		return;
	first_last[0] = second.id;
	first_last[1] = first.id;
	second_last[0] = first.id;
	second_last[1] = second.id;
	t_req(&r, "GET", "/v1/assessments?sort=updatedAt&order=asc", u.access,
	    NULL);
	if (T_STATUS(&r, 200))
		LIST_IS(&r, second_last, 2);

	snprintf(path, sizeof(path), "/v1/assessments/%s", first.id);
	t_req(&r, "PATCH", path, u.access, "{\"notes\":\"touched\"}");
	T_STATUS(&r, 200);
	t_req(&r, "GET", "/v1/assessments?sort=updatedAt&order=desc",
	    u.access, NULL);
	if (T_STATUS(&r, 200))
		LIST_IS(&r, second_last, 2);	/* first is now the newest */
	t_req(&r, "GET", "/v1/assessments?sort=updatedAt&order=asc", u.access,
	    NULL);
	if (T_STATUS(&r, 200))
		LIST_IS(&r, first_last, 2);
	/* createdAt did not move. */
	t_req(&r, "GET", "/v1/assessments", u.access, NULL);
	if (T_STATUS(&r, 200))
		LIST_IS(&r, first_last, 2);
	t_free(&r);
}

/* status filters; the counts follow. */
static void
test_list_status_filter(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	struct tasm	 p, s;
	const char	*only_p[1], *only_s[1];
	char		 path[64];

	if (t_register(&u) == -1 || ASM_NEW(&u, "Pending", &p) == -1 ||
	    ASM_NEW(&u, "Started", &s) == -1)
		return;
	only_p[0] = p.id;
	only_s[0] = s.id;
	snprintf(path, sizeof(path), "/v1/assessments/%s", s.id);
	t_req(&r, "PATCH", path, u.access, "{\"status\":\"in_progress\"}");
	if (!T_STATUS(&r, 200))
		goto out;
	T_STR(&r, "status", "in_progress");

	t_req(&r, "GET", "/v1/assessments?status=pending", u.access, NULL);
	if (T_STATUS(&r, 200)) {
		LIST_IS(&r, only_p, 1);
		T_INT(&r, "pagination.total", 1);
	}
	t_req(&r, "GET", "/v1/assessments?status=in_progress", u.access,
	    NULL);
	if (T_STATUS(&r, 200)) {
		LIST_IS(&r, only_s, 1);
		T_STR(&r, "assessments.0.status", "in_progress");
		T_INT(&r, "pagination.total", 1);
	}
	t_req(&r, "GET", "/v1/assessments?status=completed", u.access, NULL);
	if (T_STATUS(&r, 200)) {
		LIST_IS(&r, only_p, 0);
		T_INT(&r, "pagination.total", 0);
	}
	t_req(&r, "GET", "/v1/assessments?status=expired", u.access, NULL);
	if (T_STATUS(&r, 200))
		T_INT(&r, "pagination.total", 0);
	t_req(&r, "GET", "/v1/assessments", u.access, NULL);
	if (T_STATUS(&r, 200))
		T_INT(&r, "pagination.total", 2);
out:
	t_free(&r);
}

/* An admin lists and reads everyone's assessments. */
static void
test_admin_sees_all(void)
{
	struct tres	 r = {0};
	struct tuser	 c, adm;
	struct tasm	 a;
	char		 path[64];

	if (t_register(&c) == -1 || ASM_NEW(&c, "Seen By Admin", &a) == -1 ||
	    ADMIN_NEW(&adm) == -1)
		return;
	t_req(&r, "GET", "/v1/assessments?limit=100&sort=createdAt&order=desc",
	    adm.access, NULL);
	if (T_STATUS(&r, 200)) {
		T_CHECKF(&r, list_index(&r, a.id) >= 0,
		    "the admin's list shows %s", a.id);
		T_CHECK(&r, t_int(&r, "pagination.total") >= 1);
	}
	t_req(&r, "GET", "/v1/assessments?status=pending&limit=100",
	    adm.access, NULL);
	if (T_STATUS(&r, 200))
		T_CHECK(&r, list_index(&r, a.id) >= 0);
	snprintf(path, sizeof(path), "/v1/assessments/%s", a.id);
	t_req(&r, "GET", path, adm.access, NULL);
	if (T_STATUS(&r, 200)) {
		DETAIL_SHAPE(&r, a.id);
		T_STR(&r, "userId", c.id);
		T_STR(&r, "clientName", "Seen By Admin");
		T_STR(&r, "uniqueLink", a.link);
	}
	t_free(&r);
}

/* --- GET /v1/assessments/:id ----------------------------------------- */

/* Unknown, malformed and other people's ids are all the same 404. */
static void
test_get_not_found(void)
{
	static const char *const paths[] = {
		"/v1/assessments/" NO_ASM,
		"/v1/assessments/asm_X",
		"/v1/assessments/asm_zzzzzzzzzzzzzzzzzzzzz",	/* 21 */
		"/v1/assessments/..%2Fx",
		"/v1/assessments/%2E%2E%2Fx",
		"/v1/assessments/asm_00000000000000000000%27%20OR%201=1--",
		"/v1/assessments/usr_00000000000000000000",
	};
	struct tres	 r = {0};
	struct tuser	 a, b;
	struct tasm	 x;
	char		 path[64];
	size_t		 i;

	if (t_register(&a) == -1 || t_register(&b) == -1 ||
	    ASM_NEW(&a, "Private", &x) == -1)
		return;
	for (i = 0; i < NELEM(paths); i++) {
		t_req(&r, "GET", paths[i], a.access, NULL);
		T_ERROR(&r, 404, "NOT_FOUND");
	}
	snprintf(path, sizeof(path), "/v1/assessments/%s", x.id);
	t_req(&r, "GET", path, b.access, NULL);
	T_ERROR(&r, 404, "NOT_FOUND");
	T_COMMON(&r);
	T_CHECK(&r, strstr(r.body, "Private") == NULL &&
	    strstr(r.body, "owner@example.com") == NULL);
	/* The owner still sees it. */
	t_req(&r, "GET", path, a.access, NULL);
	T_STATUS(&r, 200);
	t_free(&r);
}

/* --- PATCH /v1/assessments/:id --------------------------------------- */

/* Each changeable field changes; null clears notes and industry. */
static void
test_patch_fields(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	struct tasm	 a;
	char		 path[64], created[40];
	int		 pass;

	if (t_register(&u) == -1 || ASM_NEW(&u, "Before", &a) == -1)
		return;
	snprintf(path, sizeof(path), "/v1/assessments/%s", a.id);
	t_req(&r, "GET", path, u.access, NULL);
	if (!T_STATUS(&r, 200))
		goto out;
	snprintf(created, sizeof(created), "%s",
	    t_str(&r, "createdAt") ? t_str(&r, "createdAt") : "");

	t_req(&r, "PATCH", path, u.access,
	    "{\"notes\":\"Updated notes after follow-up\","
	    "\"clientName\":\"Jane O'Client\",\"clientEmail\":\"jane@client.example\","
	    "\"businessName\":\"Jane \\\"&\\\" Sons\",\"industry\":\"Retail\"}");
	if (!T_STATUS(&r, 200))
		goto out;
	T_COMMON(&r);
	for (pass = 0; pass < 2; pass++) {
		DETAIL_SHAPE(&r, a.id);
		T_STR(&r, "notes", "Updated notes after follow-up");
		T_STR(&r, "clientName", "Jane O'Client");
		T_STR(&r, "clientEmail", "jane@client.example");
		T_STR(&r, "businessName", "Jane \"&\" Sons");
		T_STR(&r, "industry", "Retail");
		T_STR(&r, "status", "pending");
		T_STR(&r, "userId", u.id);
		T_STR(&r, "assessmentType", "self-administered");
		T_STR(&r, "uniqueLink", a.link);
		T_STR(&r, "createdAt", created);
		if (pass == 0) {
			t_req(&r, "GET", path, u.access, NULL);
			if (!T_STATUS(&r, 200))
				goto out;
		}
	}
	t_req(&r, "PATCH", path, u.access, "{\"notes\":null,\"industry\":null}");
	if (T_STATUS(&r, 200)) {
		T_STR(&r, "notes", NULL);
		T_STR(&r, "industry", NULL);
		T_STR(&r, "clientName", "Jane O'Client");
	}
	/* {} changes nothing. */
	t_req(&r, "PATCH", path, u.access, "{}");
	if (T_STATUS(&r, 200)) {
		T_STR(&r, "notes", NULL);
		T_STR(&r, "clientName", "Jane O'Client");
	}
	/* The list shows the new name. */
	t_req(&r, "GET", "/v1/assessments", u.access, NULL);
	if (T_STATUS(&r, 200))
		T_STR(&r, "assessments.0.clientName", "Jane O'Client");
out:
	t_free(&r);
}

/* Bad values and fields that cannot change: named, nothing changes. */
static void
test_patch_invalid(void)
{
	static const struct {
		const char	*field;
		const char	*body;
	} cases[] = {
		{ "userId", "{\"userId\":\"usr_00000000000000000000\"}" },
		{ "id", "{\"id\":\"asm_aaaaaaaaaaaaaaaaaaaa\"}" },
		{ "assessmentType", "{\"assessmentType\":\"collaborative\"}" },
		{ "progress", "{\"progress\":100}" },
		{ "uniqueLink", "{\"uniqueLink\":\"http://evil.example/\"}" },
		{ "expiresAt", "{\"expiresAt\":\"2099-01-01T00:00:00Z\"}" },
		{ "createdAt", "{\"createdAt\":\"2000-01-01T00:00:00Z\"}" },
		{ "completedAt", "{\"completedAt\":\"2000-01-01T00:00:00Z\"}" },
		{ "discProfile", "{\"discProfile\":{\"primary\":\"D\"}}" },
		{ "foo", "{\"foo\":1}" },
		/* A valid change with an invalid one: all or nothing. */
		{ "foo", "{\"notes\":\"sneaky\",\"foo\":1}" },
		{ "clientEmail", "{\"notes\":\"sneaky\","
		    "\"clientEmail\":\"not-an-email\"}" },
		{ "clientName", "{\"clientName\":\"\"}" },
		{ "clientName", "{\"clientName\":null}" },
		{ "clientEmail", "{\"clientEmail\":null}" },
		{ "businessName", "{\"businessName\":\"\"}" },
		{ "businessName", "{\"businessName\":null}" },
		{ "notes", "{\"notes\":5}" },
		{ "industry", "{\"industry\":[]}" },
		{ "status", "{\"status\":\"bogus\"}" },
		{ "status", "{\"status\":null}" },
		{ "status", "{\"status\":1}" },
	};
	struct tres	 r = {0};
	struct tuser	 u;
	struct tasm	 a;
	char		 path[64], s201[202], n5001[5002];
	size_t		 i;

	if (t_register(&u) == -1 || ASM_NEW(&u, "Unchanged", &a) == -1)
		return;
	snprintf(path, sizeof(path), "/v1/assessments/%s", a.id);
	for (i = 0; i < NELEM(cases); i++) {
		t_req(&r, "PATCH", path, u.access, "%s", cases[i].body);
		T_ERROR(&r, 400, "VALIDATION_ERROR");
		T_DETAIL(&r, cases[i].field);
	}
	t_req(&r, "PATCH", path, u.access, "{\"clientEmail\":\"x@y\"}");
	T_STR(&r, "error.details.clientEmail", "Invalid email format");
	memset(s201, 'x', 201);
	s201[201] = '\0';
	memset(n5001, 'n', 5001);
	n5001[5001] = '\0';
	t_req(&r, "PATCH", path, u.access,
	    "{\"clientName\":%s,\"businessName\":%s,\"industry\":%s,"
	    "\"notes\":%s}", t_q(s201), t_q(s201), t_q(s201 + 100),
	    t_q(n5001));
	T_ERROR(&r, 400, "VALIDATION_ERROR");
	T_DETAIL(&r, "clientName");
	T_DETAIL(&r, "businessName");
	T_DETAIL(&r, "industry");
	T_DETAIL(&r, "notes");

	t_req(&r, "GET", path, u.access, NULL);
	if (T_STATUS(&r, 200)) {
		DETAIL_SHAPE(&r, a.id);
		T_STR(&r, "clientName", "Unchanged");
		T_STR(&r, "clientEmail", "owner@example.com");
		T_STR(&r, "businessName", "ABC Manufacturing");
		T_STR(&r, "industry", "Manufacturing");
		T_STR(&r, "notes", "Initial consultation");
		T_STR(&r, "assessmentType", "self-administered");
		T_STR(&r, "status", "pending");
		T_STR(&r, "uniqueLink", a.link);
		T_STR(&r, "userId", u.id);
		T_INT(&r, "progress", 0);
		NO_RESULTS(&r);
	}
	t_free(&r);
}

/*
 * Status moves: same status is a no-op, pending -> in_progress, never
 * back, never to "expired", and completed only with every required
 * question answered (here none is: every required id is missing).
 */
static void
test_patch_status_moves(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	struct tasm	 a;
	char		 path[64];
	json_object	*miss, *v;
	size_t		 i, n;
	int		 has_q001 = 0, has_q062 = 0, has_optional = 0, strs = 1;

	if (t_register(&u) == -1 || ASM_NEW(&u, "Mover", &a) == -1)
		return;
	snprintf(path, sizeof(path), "/v1/assessments/%s", a.id);

	t_req(&r, "PATCH", path, u.access, "{\"status\":\"pending\"}");
	if (T_STATUS(&r, 200))
		T_STR(&r, "status", "pending");
	t_req(&r, "PATCH", path, u.access, "{\"status\":\"expired\"}");
	T_DETAIL(&r, "status");

	/* pending -> completed with nothing answered. */
	t_req(&r, "PATCH", path, u.access, "{\"status\":\"completed\"}");
	T_ERROR(&r, 400, "VALIDATION_ERROR");
	T_DETAIL(&r, "status");
	miss = t_get(&r, "error.details.missingQuestions");
	if (T_CHECKF(&r, miss != NULL &&
	    json_object_is_type(miss, json_type_array),
	    "error.details.missingQuestions is an array")) {
		n = json_object_array_length(miss);
		for (i = 0; i < n; i++) {
			v = json_object_array_get_idx(miss, i);
			if (!json_object_is_type(v, json_type_string)) {
				strs = 0;
				continue;
			}
			if (strcmp(json_object_get_string(v), "q_001") == 0)
				has_q001 = 1;
			if (strcmp(json_object_get_string(v), "q_062") == 0)
				has_q062 = 1;
			if (strcmp(json_object_get_string(v), "q_003") == 0 ||
			    strcmp(json_object_get_string(v), "q_005") == 0)
				has_optional = 1;
		}
		T_CHECKF(&r, n == REQUIRED_QS && strs,
		    "missingQuestions lists the %d required question ids, "
		    "got %zu", REQUIRED_QS, n);
		T_CHECKF(&r, has_q001 && has_q062 && !has_optional,
		    "missingQuestions has q_001 and q_062, not the optional "
		    "q_003 and q_005");
	}

	t_req(&r, "PATCH", path, u.access, "{\"status\":\"in_progress\"}");
	if (T_STATUS(&r, 200)) {
		DETAIL_SHAPE(&r, a.id);
		T_STR(&r, "status", "in_progress");
		NO_RESULTS(&r);
	}
	t_req(&r, "PATCH", path, u.access, "{\"status\":\"in_progress\"}");
	if (T_STATUS(&r, 200))
		T_STR(&r, "status", "in_progress");
	t_req(&r, "PATCH", path, u.access, "{\"status\":\"pending\"}");
	T_DETAIL(&r, "status");
	t_req(&r, "PATCH", path, u.access, "{\"status\":\"expired\"}");
	T_DETAIL(&r, "status");
	t_req(&r, "PATCH", path, u.access, "{\"status\":\"completed\"}");
	T_DETAIL(&r, "status");
	T_CHECK(&r, json_object_is_type(t_get(&r,
	    "error.details.missingQuestions"), json_type_array));
	/* A refused status change takes the other fields down with it. */
	t_req(&r, "PATCH", path, u.access,
	    "{\"notes\":\"with a bad move\",\"status\":\"pending\"}");
	T_DETAIL(&r, "status");

	t_req(&r, "GET", path, u.access, NULL);
	if (T_STATUS(&r, 200)) {
		T_STR(&r, "status", "in_progress");
		T_STR(&r, "notes", "Initial consultation");
		NO_RESULTS(&r);
	}
	t_free(&r);
}

/*
 * Past expiresAt an assessment shows (and filters) as expired and its
 * status cannot change.
 */
static void
test_expired_status(void)
{
	static const char *const moves[] = {
		"pending", "in_progress", "completed",
	};
	struct tres	 r = {0};
	struct tuser	 u;
	struct tasm	 p, s, fresh;
	char		 path[64];
	size_t		 i;

	if (t_register(&u) == -1 || ASM_NEW(&u, "Expired Pending", &p) == -1 ||
	    ASM_NEW(&u, "Expired Started", &s) == -1 ||
	    ASM_NEW(&u, "Fresh", &fresh) == -1)
		return;
	snprintf(path, sizeof(path), "/v1/assessments/%s", s.id);
	t_req(&r, "PATCH", path, u.access, "{\"status\":\"in_progress\"}");
	T_STATUS(&r, 200);
	if (ASM_EXPIRE(p.id) == -1 || ASM_EXPIRE(s.id) == -1)
		goto out;

	t_req(&r, "GET", path, u.access, NULL);
	if (T_STATUS(&r, 200)) {
		DETAIL_SHAPE(&r, s.id);
		T_STR(&r, "status", "expired");
		NO_RESULTS(&r);
	}
	snprintf(path, sizeof(path), "/v1/assessments/%s", p.id);
	t_req(&r, "GET", path, u.access, NULL);
	if (T_STATUS(&r, 200))
		T_STR(&r, "status", "expired");

	t_req(&r, "GET", "/v1/assessments?status=expired", u.access, NULL);
	if (T_STATUS(&r, 200)) {
		T_INT(&r, "pagination.total", 2);
		T_CHECK(&r, list_index(&r, p.id) >= 0 &&
		    list_index(&r, s.id) >= 0 &&
		    list_index(&r, fresh.id) < 0);
		T_STR(&r, "assessments.0.status", "expired");
		T_STR(&r, "assessments.1.status", "expired");
	}
	t_req(&r, "GET", "/v1/assessments?status=pending", u.access, NULL);
	if (T_STATUS(&r, 200)) {
		T_INT(&r, "pagination.total", 1);
		T_CHECK(&r, list_index(&r, fresh.id) == 0);
	}
	t_req(&r, "GET", "/v1/assessments?status=in_progress", u.access,
	    NULL);
	if (T_STATUS(&r, 200))
		T_INT(&r, "pagination.total", 0);
	t_req(&r, "GET", "/v1/assessments", u.access, NULL);
	if (T_STATUS(&r, 200)) {
		T_INT(&r, "pagination.total", 3);
		T_CHECK(&r, list_index(&r, s.id) >= 0);
	}

	/* No status change on an expired assessment. */
	for (i = 0; i < NELEM(moves); i++) {
		snprintf(path, sizeof(path), "/v1/assessments/%s", s.id);
		t_req(&r, "PATCH", path, u.access, "{\"status\":%s}",
		    t_q(moves[i]));
		T_DETAIL(&r, "status");
		snprintf(path, sizeof(path), "/v1/assessments/%s", p.id);
		t_req(&r, "PATCH", path, u.access, "{\"status\":%s}",
		    t_q(moves[i]));
		T_DETAIL(&r, "status");
	}
	t_req(&r, "GET", path, u.access, NULL);
	if (T_STATUS(&r, 200))
		T_STR(&r, "status", "expired");
out:
	t_free(&r);
}

/* --- DELETE /v1/assessments/:id -------------------------------------- */

/* 204; then it is gone for every route, and from the list. */
static void
test_delete(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	struct tasm	 gone, kept;
	char		 path[64], rpath[80], hdr[200];
	const char	*hdrs[] = { hdr, NULL };
	const char	*want[1];

	if (t_register(&u) == -1 || ASM_NEW(&u, "Gone", &gone) == -1 ||
	    ASM_NEW(&u, "Kept", &kept) == -1)
		return;
	want[0] = kept.id;
	snprintf(path, sizeof(path), "/v1/assessments/%s", gone.id);
	snprintf(rpath, sizeof(rpath), "/v1/assessments/%s/responses",
	    gone.id);
	t_req(&r, "DELETE", path, u.access, NULL);
	if (!T_STATUS(&r, 204))
		goto out;
	T_CHECK(&r, r.bodysz == 0);
	T_COMMON(&r);

	t_req(&r, "GET", path, u.access, NULL);
	T_ERROR(&r, 404, "NOT_FOUND");
	t_req(&r, "PATCH", path, u.access, "{\"notes\":\"zombie\"}");
	T_ERROR(&r, 404, "NOT_FOUND");
	t_req(&r, "DELETE", path, u.access, NULL);
	T_ERROR(&r, 404, "NOT_FOUND");
	t_req(&r, "GET", rpath, u.access, NULL);
	T_ERROR(&r, 404, "NOT_FOUND");
	t_req(&r, "POST", rpath, u.access, "{\"responses\":[{\"questionId\":"
	    "\"q_001\",\"selectedOption\":\"opt_001_a\"}],\"isPartial\":true}");
	T_ERROR(&r, 404, "NOT_FOUND");
	t_req(&r, "GET", "/v1/assessments", u.access, NULL);
	if (T_STATUS(&r, 200)) {
		LIST_IS(&r, want, 1);
		T_INT(&r, "pagination.total", 1);
	}
	t_req(&r, "GET", "/v1/assessments?status=pending", u.access, NULL);
	if (T_STATUS(&r, 200))
		LIST_IS(&r, want, 1);

	/* The client's link is dead too. */
	snprintf(hdr, sizeof(hdr), "X-Assessment-Token: %s", gone.token);
	t_reqh(&r, "GET", "/v1/questions", NULL, hdrs, NULL);
	T_ERROR(&r, 401, "UNAUTHORIZED");
	t_reqh(&r, "POST", rpath, NULL, hdrs, "{\"responses\":[{\"questionId\":"
	    "\"q_001\",\"selectedOption\":\"opt_001_a\"}],\"isPartial\":true}");
	T_ERROR(&r, 401, "UNAUTHORIZED");

	snprintf(path, sizeof(path), "/v1/assessments/%s", kept.id);
	t_req(&r, "GET", path, u.access, NULL);
	T_STATUS(&r, 200);
out:
	t_free(&r);
}

/*
 * Broken object-level authorization: a second consultant can neither
 * read, change nor delete the first one's assessment, is told no more
 * than for a nonexistent id, and nothing changes.
 */
static void
test_bola_assessment(void)
{
	struct tres	 r = {0}, nx = {0};
	struct tuser	 a, b;
	struct tasm	 x;
	char		 path[64];

	if (t_register(&a) == -1 || t_register(&b) == -1 ||
	    ASM_NEW(&a, "Victim Client", &x) == -1)
		return;
	snprintf(path, sizeof(path), "/v1/assessments/%s", x.id);

	t_req(&nx, "GET", "/v1/assessments/" NO_ASM, b.access, NULL);
	T_ERROR(&nx, 404, "NOT_FOUND");
	t_req(&r, "GET", path, b.access, NULL);
	T_ERROR(&r, 404, "NOT_FOUND");
	T_CHECKF(&r, t_str(&nx, "error.message") != NULL &&
	    t_str(&r, "error.message") != NULL &&
	    strcmp(t_str(&nx, "error.message"),
	    t_str(&r, "error.message")) == 0,
	    "same message as for a nonexistent assessment");

	t_req(&r, "PATCH", path, b.access, "{\"notes\":\"pwned\","
	    "\"clientEmail\":\"attacker@evil.example\"}");
	T_ERROR(&r, 404, "NOT_FOUND");
	t_req(&r, "PATCH", path, b.access, "{\"status\":\"in_progress\"}");
	T_ERROR(&r, 404, "NOT_FOUND");
	t_req(&r, "PATCH", path, b.access, "{\"status\":\"completed\"}");
	T_ERROR(&r, 404, "NOT_FOUND");
	T_CHECK(&r, !t_has(&r, "error.details.missingQuestions"));
	t_req(&r, "DELETE", path, b.access, NULL);
	T_ERROR(&r, 404, "NOT_FOUND");
	t_req(&r, "GET", "/v1/assessments", b.access, NULL);
	if (T_STATUS(&r, 200)) {
		T_CHECK(&r, list_index(&r, x.id) < 0);
		T_INT(&r, "pagination.total", 0);
	}

	/* Untouched for its owner. */
	t_req(&r, "GET", path, a.access, NULL);
	if (T_STATUS(&r, 200)) {
		T_STR(&r, "notes", "Initial consultation");
		T_STR(&r, "clientEmail", "owner@example.com");
		T_STR(&r, "status", "pending");
		T_STR(&r, "userId", a.id);
	}
	t_req(&r, "GET", "/v1/assessments", a.access, NULL);
	if (T_STATUS(&r, 200))
		T_CHECK(&r, list_index(&r, x.id) == 0);
	t_free(&nx);
	t_free(&r);
}

void
suite_assessments(void)
{
	CU_pSuite	 s = t_suite("assessments");

	T_ADD(s, test_create_ok);
	T_ADD(s, test_create_minimal);
	T_ADD(s, test_create_missing_fields);
	T_ADD(s, test_create_field_rules);
	T_ADD(s, test_create_unknown_fields);
	T_ADD(s, test_create_malformed_body);
	T_ADD(s, test_create_distinct_links);
	T_ADD(s, test_assessments_require_auth);
	T_ADD(s, test_list_own_only);
	T_ADD(s, test_list_empty);
	T_ADD(s, test_list_pagination);
	T_ADD(s, test_list_limit_clamped);
	T_ADD(s, test_list_invalid_params);
	T_ADD(s, test_list_sort_client_name);
	T_ADD(s, test_list_sort_updated_at);
	T_ADD(s, test_list_status_filter);
	T_ADD(s, test_admin_sees_all);
	T_ADD(s, test_get_not_found);
	T_ADD(s, test_patch_fields);
	T_ADD(s, test_patch_invalid);
	T_ADD(s, test_patch_status_moves);
	T_ADD(s, test_expired_status);
	T_ADD(s, test_delete);
	T_ADD(s, test_bola_assessment);
}
