/*
 * Suite "admin": the platform administration routes.
 *
 *	GET   /v1/admin/users		every user of every tenant, paged
 *	PATCH /v1/admin/users/:id	status (active, suspended, deleted), role
 *	GET   /v1/admin/analytics	figures for a period
 *
 * Admins are made with the operator CLI (risectl user add --role admin)
 * and logged in; every test makes its own, so the per-user rate limit of
 * one test never touches another.  The audit trail is read straight from
 * the test database with psql ($RISE_DB_HOST, as ASM_EXPIRE does).
 *
 * Not covered: "the last active admin cannot be removed" (409).  The
 * caller of a PATCH is itself an active admin and cannot remove itself
 * (403), so one request alone never meets the last admin; the 409 is
 * left for two admins who remove each other at the same moment when they
 * are the only active admins.  Other tests (reports) and other runs leave
 * active admins in the database, and suspending them all to get there
 * would break tests running beside this one.
 * test_patch_admin_demotes_admin covers removing an admin while others
 * remain.
 *
 * Assumption: nothing else creates users, assessments or reports while
 * this suite runs (true of scripts/test-api.sh, whose throwaway stack runs
 * one suite at a time).  The analytics tests count exact changes in a
 * window of a few minutes around now, and the list tests compare totals
 * taken in separate requests and expect the users they just registered to
 * be the newest.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <CUnit/CUnit.h>
#include <json-c/json.h>

#include "client.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define READY_WAIT	30		/* seconds a report may take */
#define PAGE_MAX	100		/* the largest page */

/* GET /v1/admin/analytics, the figures. */
struct stats {
	long long	 users, active, assessments, completed, reports, avg;
	long long	 disc[4];	/* D, I, S, C */
	long long	 phase[5];	/* Stabilize .. Systemic */
	char		 start[32], end[32];
};

static const char *const disc_keys[] = { "D", "I", "S", "C" };
static const char *const phase_keys[] = {
	"Stabilize", "Organize", "Build", "Grow", "Systemic",
};

/* --- small things ---------------------------------------------------- */

/* t as "2025-12-22T10:00:00Z" into buf (32 bytes). */
static const char *
iso_at(char *buf, time_t t)
{
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

/* A request id unique to this run and call, of [A-Za-z0-9-]. */
static const char *
new_rid(char *buf, size_t sz)
{
	static unsigned int	 seq;

	snprintf(buf, sz, "admin-test-%lld-%ld-%u", (long long)time(NULL),
	    (long)getpid(), ++seq);
	return buf;
}

/* How many audit rows name user id as their target, -1 on failure. */
static long
audit_count_at(const char *id, const char *file, int line)
{
	char	 out[64];

	if (!t_check(t_is_id(id, "usr_"), NULL, file, line, "a user id: %s",
	    id) || t_sql_at(out, sizeof(out), file, line, "SELECT count(*) "
	    "FROM audit_log WHERE target_type = 'user' AND target_id = '%s'",
	    id) == -1)
		return -1;
	return strtol(out, NULL, 10);
}
#define AUDIT_COUNT(id)	audit_count_at((id), __FILE__, __LINE__)

/* --- users ----------------------------------------------------------- */

static int
list_users(struct tres *r, const char *bearer, const char *query)
{
	char	 path[512];

	snprintf(path, sizeof(path), "/v1/admin/users%s%s",
	    query != NULL && *query != '\0' ? "?" : "", query ? query : "");
	return t_req(r, "GET", path, bearer, NULL);
}

/* PATCH /v1/admin/users/<id> with a literal body and, if rid, X-Request-ID. */
static int
patch_user(struct tres *r, const char *bearer, const char *id,
    const char *rid, const char *body)
{
	char		 path[512], hdr[128];
	const char	*hdrs[] = { hdr, NULL };

	snprintf(path, sizeof(path), "/v1/admin/users/%s", id);
	if (rid == NULL)
		return t_req(r, "PATCH", path, bearer, "%s", body);
	snprintf(hdr, sizeof(hdr), "X-Request-ID: %s", rid);
	return t_reqh(r, "PATCH", path, bearer, hdrs, "%s", body);
}

static int
one_of(const char *s, const char *a, const char *b, const char *c)
{

	return s != NULL && (strcmp(s, a) == 0 || strcmp(s, b) == 0 ||
	    (c != NULL && strcmp(s, c) == 0));
}

/*
 * The admin view of a user at prefix ("" for the root, or "users.3."):
 * id, email, firstName, lastName, role, status, createdAt, lastLogin
 * (null or ISO 8601 Z), and no password material.
 */
static int
row_shape_at(const struct tres *r, const char *prefix, const char *file,
    int line)
{
	static const char *const strs[] = { "id", "email", "firstName",
	    "lastName" };
	char		 p[128];
	const char	*ll;
	size_t		 i;
	int		 ok = 1;

#define P(k)	(snprintf(p, sizeof(p), "%s%s", prefix, (k)), p)
	for (i = 0; i < NELEM(strs); i++)
		ok &= t_check(t_str(r, P(strs[i])) != NULL, r, file, line,
		    "%s is a string", p);
	ok &= t_check(t_is_id(t_str(r, P("id")), "usr_"), r, file, line,
	    "%s is usr_ and 20 of [0-9a-z]", p);
	ok &= t_check(one_of(t_str(r, P("role")), "admin", "consultant",
	    NULL), r, file, line, "%s is admin or consultant", p);
	ok &= t_check(one_of(t_str(r, P("status")), "active", "suspended",
	    "deleted"), r, file, line, "%s is active, suspended or deleted",
	    p);
	ok &= t_check(t_is_iso8601z(t_str(r, P("createdAt"))), r, file, line,
	    "%s is ISO 8601 UTC", p);
	ll = t_str(r, P("lastLogin"));
	ok &= t_check(t_isnull(r, P("lastLogin")) || t_is_iso8601z(ll), r,
	    file, line, "%s is null or ISO 8601 UTC", p);
	ok &= t_check(!t_has(r, P("password")) &&
	    !t_has(r, P("passwordHash")) && !t_has(r, P("password_hash")),
	    r, file, line, "no password material at %s", prefix);
#undef P
	return ok;
}
#define ROW_SHAPE(r, prefix)	row_shape_at((r), (prefix), __FILE__, __LINE__)

/*
 * The user object of u (the root of a PATCH answer, or a list row at
 * prefix) with this role and status.
 */
static int
row_is_at(const struct tres *r, const char *prefix, const struct tuser *u,
    const char *role, const char *status, const char *file, int line)
{
	char	 p[128];
	int	 ok;

#define P(k)	(snprintf(p, sizeof(p), "%s%s", prefix, (k)), p)
	ok = row_shape_at(r, prefix, file, line);
	ok &= t_check_str(r, P("id"), u->id, file, line);
	ok &= t_check_str(r, P("email"), u->email, file, line);
	ok &= t_check_str(r, P("firstName"), u->first, file, line);
	ok &= t_check_str(r, P("lastName"), u->last, file, line);
	ok &= t_check_str(r, P("role"), role, file, line);
	ok &= t_check_str(r, P("status"), status, file, line);
#undef P
	return ok;
}
#define ROW_IS(r, prefix, u, role, status) \
	row_is_at((r), (prefix), (u), (role), (status), __FILE__, __LINE__)

static long
users_len(const struct tres *r)
{

	return t_array_len(r, "users");
}

/* The index of user id in "users", or -1. */
static long
users_find(const struct tres *r, const char *id)
{

	return t_array_find(r, "users", "id", id);
}

/*
 * A 200 list page: users (at most limit rows, each of the admin shape,
 * newest first) and pagination {page, limit, total, totalPages, hasNext,
 * hasPrev} consistent with each other.  total into *total if not NULL.
 */
static int
page_ok_at(const struct tres *r, long long page, long long limit,
    long long *total, const char *file, int line)
{
	long long	 tot = t_int(r, "pagination.total"), pages, prev, t;
	long		 i, n;
	char		 p[64];
	int		 ok;

	if (!t_check_status(r, 200, file, line))
		return 0;
	ok = t_check_common(r, file, line);
	n = users_len(r);
	ok &= t_check(n >= 0, r, file, line, "users is an array");
	ok &= t_check_int(r, "pagination.page", page, file, line);
	ok &= t_check_int(r, "pagination.limit", limit, file, line);
	ok &= t_check(tot != T_NOINT && tot >= 0, r, file, line,
	    "pagination.total an integer >= 0");
	pages = tot == T_NOINT ? 0 : (tot + limit - 1) / limit;
	ok &= t_check_int(r, "pagination.totalPages", pages, file, line);
	ok &= t_check(t_bool(r, "pagination.hasNext") == (page < pages), r,
	    file, line, "pagination.hasNext is %s", page < pages ? "true" :
	    "false");
	ok &= t_check(t_bool(r, "pagination.hasPrev") == (page > 1), r,
	    file, line, "pagination.hasPrev is %s", page > 1 ? "true" :
	    "false");
	/* Rows on this page: limit, except on the last, none past it. */
	if (tot != T_NOINT) {
		long long want = page < pages ? limit : page == pages ?
		    tot - (pages - 1) * limit : 0;

		ok &= t_check(n == want, r, file, line,
		    "page %lld of %lld (limit %lld, total %lld) has %lld rows, "
		    "got %ld", page, pages, limit, tot, want, n);
	}
	prev = -1;
	for (i = 0; i < n; i++) {
		snprintf(p, sizeof(p), "users.%ld.", i);
		ok &= row_shape_at(r, p, file, line);
		snprintf(p, sizeof(p), "users.%ld.createdAt", i);
		t = t_iso_epoch(t_str(r, p));
		ok &= t_check(prev == -1 || t <= prev, r, file, line,
		    "newest first: %s not after the row before", p);
		prev = t;
	}
	if (total != NULL)
		*total = tot;
	return ok;
}
#define PAGE_OK(r, page, limit, total) \
	page_ok_at((r), (page), (limit), (total), __FILE__, __LINE__)

/* Every row of the page has key (role or status) equal to want. */
static int
all_rows_at(const struct tres *r, const char *key, const char *want,
    const char *file, int line)
{
	char		 p[64];
	const char	*s;
	long		 i, n = users_len(r);
	int		 ok = 1;

	for (i = 0; i < n; i++) {
		snprintf(p, sizeof(p), "users.%ld.%s", i, key);
		s = t_str(r, p);
		ok &= t_check(s != NULL && strcmp(s, want) == 0, r, file,
		    line, "filtered by %s=%s: %s is \"%s\"", key, want, p,
		    s != NULL ? s : "(absent)");
	}
	return ok;
}
#define ALL_ROWS(r, key, want)	all_rows_at((r), (key), (want), __FILE__, __LINE__)

/*
 * u, seen from a fresh session of its own, is unchanged: still active (its
 * token works and it can log in), same email, names and role.
 */
static int
unchanged_at(const struct tuser *u, const char *role, const char *file,
    int line)
{
	struct tres	 r = {0};
	int		 ok;

	t_req(&r, "GET", "/v1/users/me", u->access, NULL);
	if (!t_check(r.status == 200, &r, file, line,
	    "%s still active: its token works", u->email)) {
		t_free(&r);
		return 0;
	}
	ok = t_check_str(&r, "email", u->email, file, line);
	ok &= t_check_str(&r, "firstName", u->first, file, line);
	ok &= t_check_str(&r, "lastName", u->last, file, line);
	ok &= t_check_str(&r, "role", role, file, line);
	t_free(&r);
	ok &= t_check_login(u->email, u->password, 1, file, line);
	return ok;
}
#define UNCHANGED(u, role)	unchanged_at((u), (role), __FILE__, __LINE__)

/* GET an admin route as bearer: the status. */
static long
admin_get(const char *bearer)
{
	struct tres	 r = {0};
	long		 st;

	list_users(&r, bearer, "limit=1");
	st = r.status;
	t_free(&r);
	return st;
}

/* --- analytics ------------------------------------------------------- */

/*
 * GET /v1/admin/analytics?query as bearer: a 200 of the documented shape
 * (period as ISO 8601 Z, six integer metrics >= 0, the two distributions
 * with exactly their keys, integer percentages summing to 100 when the
 * period has completed assessments, all 0 when it has none), its figures
 * into s.  Returns 0, or -1 after recording a failure.
 */
static int
analytics_at(const char *bearer, const char *query, struct stats *s,
    const char *file, int line)
{
	static const char *const metrics[] = { "totalUsers", "activeUsers",
	    "totalAssessments", "completedAssessments", "reportsGenerated",
	    "averageCompletionTime" };
	struct tres	 r = {0};
	char		 path[512], p[64];
	long long	*out[6], v, dsum = 0, psum = 0;
	json_object	*o;
	size_t		 i;
	int		 ok;

	memset(s, 0, sizeof(*s));
	out[0] = &s->users;
	out[1] = &s->active;
	out[2] = &s->assessments;
	out[3] = &s->completed;
	out[4] = &s->reports;
	out[5] = &s->avg;
	snprintf(path, sizeof(path), "/v1/admin/analytics%s%s",
	    query != NULL && *query != '\0' ? "?" : "", query ? query : "");
	t_req(&r, "GET", path, bearer, NULL);
	if (!t_check_status(&r, 200, file, line)) {
		t_free(&r);
		return -1;
	}
	ok = t_check_common(&r, file, line);
	ok &= t_check(t_is_iso8601z(t_str(&r, "period.startDate")) &&
	    t_is_iso8601z(t_str(&r, "period.endDate")), &r, file, line,
	    "period.startDate and endDate are ISO 8601 UTC");
	if (ok) {
		snprintf(s->start, sizeof(s->start), "%s",
		    t_str(&r, "period.startDate"));
		snprintf(s->end, sizeof(s->end), "%s",
		    t_str(&r, "period.endDate"));
	}
	for (i = 0; i < NELEM(metrics); i++) {
		snprintf(p, sizeof(p), "metrics.%s", metrics[i]);
		v = t_int(&r, p);
		ok &= t_check(v != T_NOINT && v >= 0, &r, file, line,
		    "%s an integer >= 0", p);
		*out[i] = v;
	}
	ok &= t_check(s->active <= s->users, &r, file, line,
	    "activeUsers (%lld) <= totalUsers (%lld)", s->active, s->users);
	o = t_get(&r, "discDistribution");
	ok &= t_check(json_object_is_type(o, json_type_object) &&
	    json_object_object_length(o) == 4, &r, file, line,
	    "discDistribution is an object of D, I, S, C");
	for (i = 0; i < NELEM(disc_keys); i++) {
		snprintf(p, sizeof(p), "discDistribution.%s", disc_keys[i]);
		v = t_int(&r, p);
		ok &= t_check(v >= 0 && v <= 100, &r, file, line,
		    "%s an integer 0..100", p);
		s->disc[i] = v;
		dsum += v;
	}
	o = t_get(&r, "phaseDistribution");
	ok &= t_check(json_object_is_type(o, json_type_object) &&
	    json_object_object_length(o) == 5, &r, file, line,
	    "phaseDistribution is an object of Stabilize, Organize, Build, "
	    "Grow, Systemic");
	for (i = 0; i < NELEM(phase_keys); i++) {
		snprintf(p, sizeof(p), "phaseDistribution.%s", phase_keys[i]);
		v = t_int(&r, p);
		ok &= t_check(v >= 0 && v <= 100, &r, file, line,
		    "%s an integer 0..100", p);
		s->phase[i] = v;
		psum += v;
	}
	if (s->completed > 0)
		ok &= t_check(dsum == 100 && psum == 100, &r, file, line,
		    "with %lld completed assessments both distributions sum "
		    "to 100, got %lld and %lld", s->completed, dsum, psum);
	else
		ok &= t_check(dsum == 0 && psum == 0, &r, file, line,
		    "with no completed assessment both distributions are all "
		    "0, got sums %lld and %lld", dsum, psum);
	t_free(&r);
	return ok ? 0 : -1;
}
#define ANALYTICS(bearer, query, s) \
	analytics_at((bearer), (query), (s), __FILE__, __LINE__)

/* GET /v1/admin/analytics?query as bearer. */
static int
analytics_raw(struct tres *r, const char *bearer, const char *query)
{
	char	 path[512];

	snprintf(path, sizeof(path), "/v1/admin/analytics?%s", query);
	return t_req(r, "GET", path, bearer, NULL);
}

/* --- assessments and reports ------------------------------------------ */

/* A shared answer set, its primaries as indexes into disc_keys, phase_keys. */
struct prof {
	const struct tprof	*p;
	int			 disc;
	int			 phase;
};
static const struct prof prof_a = { &t_prof_a, 3, 1 };	/* C, Organize */
static const struct prof prof_b = { &t_prof_b, 1, 4 };	/* I, Systemic */
static const struct prof prof_c = { &t_prof_c, 0, 0 };	/* D, Stabilize */
#define PROFILE_A_PHASE	1	/* Organize in phase_keys */
#define PROFILE_A_DISC	3	/* C in disc_keys */

/*
 * A new assessment of u; its id and link token into a.  Returns 0, or -1
 * after recording a failure.
 */
static int
asm_new_at(const struct tuser *u, struct tasm *a, const char *file, int line)
{

	return t_asm_new_at(u, a, file, line,
	    "{\"clientName\":\"Amara Admin\",\"clientEmail\":"
	    "\"amara@example.com\",\"businessName\":\"Amara Analytics\","
	    "\"industry\":\"Retail\","
	    "\"assessmentType\":\"self-administered\"}");
}

/* A new assessment of u, completed by its client with answers p. */
static int
asm_done_at(const struct tuser *u, const struct prof *p, struct tasm *a,
    const char *file, int line)
{

	if (asm_new_at(u, a, file, line) == -1)
		return -1;
	return t_asm_answer_at(a, p->p, 0, p->p->n, 1, file, line);
}
#define ASM_DONE(u, p, a)	asm_done_at((u), (p), (a), __FILE__, __LINE__)

/*
 * A consultant report of assessment aid, generated as bearer and waited
 * for until ready.  Returns 0, or -1 after recording a failure.
 */
static int
report_ready_at(const char *bearer, const char *aid, const char *file,
    int line)
{
	struct tres	 r = {0};
	char		 path[160], id[32];
	const char	*st = NULL;
	time_t		 t0 = time(NULL);
	int		 rc = -1, n = 0;

	snprintf(path, sizeof(path), "/v1/reports/%s/generate", aid);
	t_req(&r, "POST", path, bearer, "{\"reportType\":\"consultant\"}");
	if (!t_check(r.status == 200 && t_str(&r, "reportId") != NULL &&
	    strlen(t_str(&r, "reportId")) < sizeof(id), &r, file, line,
	    "report generation queued (200 with reportId)"))
		goto out;
	snprintf(id, sizeof(id), "%s", t_str(&r, "reportId"));
	snprintf(path, sizeof(path), "/v1/reports/%s", id);
	for (;;) {
		t_req(&r, "GET", path, bearer, NULL);
		st = t_str(&r, "status");
		if (r.status != 200 || st == NULL ||
		    strcmp(st, "processing") != 0 ||
		    time(NULL) - t0 > READY_WAIT)
			break;
		t_msleep(++n < 20 ? 100 : 1000);
	}
	if (t_check(r.status == 200 && st != NULL && strcmp(st, "ready") == 0,
	    &r, file, line, "report %s ready within %d s", id, READY_WAIT))
		rc = 0;
out:
	t_free(&r);
	return rc;
}
#define REPORT_READY(bearer, aid) \
	report_ready_at((bearer), (aid), __FILE__, __LINE__)

/* --- access ---------------------------------------------------------- */

/*
 * Every admin route: no token or a bad one 401, a consultant's token 403
 * FORBIDDEN, an admin's token allowed.
 */
static void
test_admin_access(void)
{
	struct tres	 r = {0};
	struct tuser	 adm, u;
	char		 path[128];

	if (ADMIN_NEW(&adm) == -1 || t_register(&u) == -1)
		return;
	snprintf(path, sizeof(path), "/v1/admin/users/%s", u.id);

	/* No token, a malformed one. */
	t_req(&r, "GET", "/v1/admin/users", NULL, NULL);
	T_ERROR(&r, 401, "UNAUTHORIZED");
	T_COMMON(&r);
	t_req(&r, "GET", "/v1/admin/analytics", NULL, NULL);
	T_ERROR(&r, 401, "UNAUTHORIZED");
	t_req(&r, "PATCH", path, NULL, "{\"status\":\"suspended\"}");
	T_ERROR(&r, 401, "UNAUTHORIZED");
	t_req(&r, "GET", "/v1/admin/users", "not-a-token", NULL);
	T_ERROR(&r, 401, "UNAUTHORIZED");
	t_req(&r, "GET", "/v1/admin/analytics", "not-a-token", NULL);
	T_ERROR(&r, 401, "UNAUTHORIZED");
	t_req(&r, "PATCH", path, "not-a-token", "{\"status\":\"suspended\"}");
	T_ERROR(&r, 401, "UNAUTHORIZED");

	/* A consultant, even on itself. */
	t_req(&r, "GET", "/v1/admin/users", u.access, NULL);
	T_ERROR(&r, 403, "FORBIDDEN");
	T_COMMON(&r);
	T_CHECK(&r, !t_has(&r, "users"));
	t_req(&r, "GET", "/v1/admin/users?role=admin", u.access, NULL);
	T_ERROR(&r, 403, "FORBIDDEN");
	t_req(&r, "GET", "/v1/admin/analytics", u.access, NULL);
	T_ERROR(&r, 403, "FORBIDDEN");
	T_CHECK(&r, !t_has(&r, "metrics"));
	t_req(&r, "PATCH", path, u.access, "{\"role\":\"admin\"}");
	T_ERROR(&r, 403, "FORBIDDEN");
	snprintf(path, sizeof(path), "/v1/admin/users/%s", adm.id);
	t_req(&r, "PATCH", path, u.access, "{\"status\":\"suspended\"}");
	T_ERROR(&r, 403, "FORBIDDEN");
	/* Nothing changed: u is no admin, adm still is. */
	UNCHANGED(&u, "consultant");
	T_CHECKF(NULL, admin_get(adm.access) == 200,
	    "the admin still has admin access");
	T_CHECKF(NULL, AUDIT_COUNT(u.id) == 0 && AUDIT_COUNT(adm.id) == 0,
	    "no audit rows for refused requests");

	/* The admin. */
	list_users(&r, adm.access, NULL);
	T_STATUS(&r, 200);
	T_COMMON(&r);
	t_req(&r, "GET", "/v1/admin/analytics", adm.access, NULL);
	T_STATUS(&r, 200);
	T_COMMON(&r);
	snprintf(path, sizeof(path), "/v1/admin/users/%s", u.id);
	t_req(&r, "PATCH", path, adm.access, "{\"status\":\"active\"}");
	if (T_STATUS(&r, 200)) {
		T_COMMON(&r);
		ROW_IS(&r, "", &u, "consultant", "active");
	}
	t_free(&r);
}

/* --- GET /v1/admin/users --------------------------------------------- */

/*
 * The default page: page 1 of 20, rows of the admin shape, newest first,
 * a consistent pagination object.
 */
static void
test_list_shape(void)
{
	struct tres	 r = {0};
	struct tuser	 adm;
	long long	 total;

	if (ADMIN_NEW(&adm) == -1)
		return;
	list_users(&r, adm.access, NULL);
	if (PAGE_OK(&r, 1, 20, &total))
		/* At least this admin. */
		T_CHECKF(&r, total >= 1 && users_len(&r) >= 1,
		    "the list holds at least the admin itself");
	list_users(&r, adm.access, "page=1&limit=20");
	PAGE_OK(&r, 1, 20, NULL);
	t_free(&r);
}

/*
 * Users just registered, each in a tenant of its own, are on page 1 of
 * the consultants (newest first), with what they registered with; an
 * admin sees them all.  lastLogin is set by a login.
 */
static void
test_list_new_users(void)
{
	struct tres	 r = {0};
	struct tuser	 adm, u1, u2, again;
	char		 p[64];
	long		 i1, i2;
	long long	 now, ll;

	if (ADMIN_NEW(&adm) == -1 || t_register(&u1) == -1 ||
	    t_register(&u2) == -1)
		return;
	list_users(&r, adm.access, "role=consultant&limit=10");
	if (!PAGE_OK(&r, 1, 10, NULL))
		goto out;
	ALL_ROWS(&r, "role", "consultant");
	i1 = users_find(&r, u1.id);
	i2 = users_find(&r, u2.id);
	if (!T_CHECKF(&r, i1 >= 0 && i2 >= 0, "%s and %s (just registered, "
	    "two tenants) are on page 1 of the consultants", u1.id, u2.id))
		goto out;
	T_CHECKF(&r, i2 < i1, "newest first: %s (row %ld) before %s (row %ld)",
	    u2.id, i2, u1.id, i1);
	snprintf(p, sizeof(p), "users.%ld.", i1);
	ROW_IS(&r, p, &u1, "consultant", "active");
	snprintf(p, sizeof(p), "users.%ld.createdAt", i1);
	now = (long long)time(NULL);
	T_CHECKF(&r, t_iso_epoch(t_str(&r, p)) >= now - 300 &&
	    t_iso_epoch(t_str(&r, p)) <= now + 5, "%s is just now", p);

	/* A login sets lastLogin. */
	if (t_login(&u1, &again) == -1)
		goto out;
	list_users(&r, adm.access, "role=consultant&limit=10");
	if (!T_STATUS(&r, 200) ||
	    !T_CHECK(&r, (i1 = users_find(&r, u1.id)) >= 0))
		goto out;
	snprintf(p, sizeof(p), "users.%ld.lastLogin", i1);
	now = (long long)time(NULL);
	ll = t_iso_epoch(t_str(&r, p));
	T_CHECKF(&r, ll >= now - 300 && ll <= now + 5,
	    "%s is ISO 8601 Z and just now after a login", p);

	/* And the admins' list holds the admin. */
	list_users(&r, adm.access, "role=admin&limit=10");
	if (PAGE_OK(&r, 1, 10, NULL)) {
		ALL_ROWS(&r, "role", "admin");
		i1 = users_find(&r, adm.id);
		if (T_CHECKF(&r, i1 >= 0, "the new admin %s is on page 1 of "
		    "the admins", adm.id)) {
			snprintf(p, sizeof(p), "users.%ld.", i1);
			ROW_IS(&r, p, &adm, "admin", "active");
		}
	}
out:
	t_free(&r);
}

/*
 * role and status filter: every row matches, users we put in each state
 * are there, and the totals of the parts add up to the whole.
 */
static void
test_list_filters(void)
{
	static const char *const roles[] = { "admin", "consultant" };
	static const char *const statuses[] = { "active", "suspended",
	    "deleted" };
	struct tres	 r = {0};
	struct tuser	 adm, act, sus, del;
	char		 q[128], p[64];
	long long	 all, t, sum;
	long		 i;
	size_t		 k;

	if (ADMIN_NEW(&adm) == -1 || t_register(&act) == -1 ||
	    t_register(&sus) == -1 || t_register(&del) == -1)
		return;
	patch_user(&r, adm.access, sus.id, NULL, "{\"status\":\"suspended\"}");
	if (!T_STATUS(&r, 200))
		goto out;
	patch_user(&r, adm.access, del.id, NULL, "{\"status\":\"deleted\"}");
	if (!T_STATUS(&r, 200))
		goto out;

	list_users(&r, adm.access, "limit=1");
	if (!PAGE_OK(&r, 1, 1, &all))
		goto out;

	for (sum = 0, k = 0; k < NELEM(roles); k++) {
		snprintf(q, sizeof(q), "role=%s&limit=%d", roles[k], PAGE_MAX);
		list_users(&r, adm.access, q);
		if (!PAGE_OK(&r, 1, PAGE_MAX, &t))
			goto out;
		ALL_ROWS(&r, "role", roles[k]);
		sum += t;
	}
	T_CHECKF(NULL, sum == all, "admins + consultants (%lld) = all users "
	    "(%lld)", sum, all);

	for (sum = 0, k = 0; k < NELEM(statuses); k++) {
		snprintf(q, sizeof(q), "status=%s&limit=%d", statuses[k],
		    PAGE_MAX);
		list_users(&r, adm.access, q);
		if (!PAGE_OK(&r, 1, PAGE_MAX, &t))
			goto out;
		ALL_ROWS(&r, "status", statuses[k]);
		sum += t;
		/* Ours, the newest of their state, are on page 1. */
		if (k == 0)
			T_CHECKF(&r, users_find(&r, act.id) >= 0,
			    "%s in the active users", act.id);
		if (k == 1) {
			i = users_find(&r, sus.id);
			if (T_CHECKF(&r, i >= 0, "%s in the suspended users",
			    sus.id)) {
				snprintf(p, sizeof(p), "users.%ld.", i);
				ROW_IS(&r, p, &sus, "consultant", "suspended");
			}
			T_CHECKF(&r, users_find(&r, act.id) < 0 &&
			    users_find(&r, del.id) < 0,
			    "no active or deleted user among the suspended");
		}
		if (k == 2) {
			i = users_find(&r, del.id);
			if (T_CHECKF(&r, i >= 0, "%s in the deleted users",
			    del.id)) {
				snprintf(p, sizeof(p), "users.%ld.", i);
				ROW_IS(&r, p, &del, "consultant", "deleted");
			}
			T_CHECKF(&r, users_find(&r, sus.id) < 0,
			    "no suspended user among the deleted");
		}
	}
	T_CHECKF(NULL, sum == all, "active + suspended + deleted (%lld) = all "
	    "users (%lld)", sum, all);

	/* Both filters at once. */
	list_users(&r, adm.access, "role=consultant&status=suspended&limit=10");
	if (PAGE_OK(&r, 1, 10, NULL)) {
		ALL_ROWS(&r, "role", "consultant");
		ALL_ROWS(&r, "status", "suspended");
		T_CHECKF(&r, users_find(&r, sus.id) >= 0,
		    "%s among the suspended consultants", sus.id);
	}
	list_users(&r, adm.access, "role=admin&status=suspended&limit=100");
	if (PAGE_OK(&r, 1, 100, NULL)) {
		ALL_ROWS(&r, "role", "admin");
		ALL_ROWS(&r, "status", "suspended");
		T_CHECKF(&r, users_find(&r, sus.id) < 0,
		    "%s (a consultant) not among the suspended admins",
		    sus.id);
	}
out:
	t_free(&r);
}

/* Pages of 2: consistent totals, disjoint pages, newest first across. */
static void
test_list_paging(void)
{
	struct tres	 r = {0};
	struct tuser	 adm, u[3];
	char		 ids[4][32], last1[32] = "";
	long long	 t1, t2, t3, pages;
	size_t		 i, j;
	long		 n;

	if (ADMIN_NEW(&adm) == -1)
		return;
	for (i = 0; i < NELEM(u); i++)
		if (t_register(&u[i]) == -1)
			return;
	memset(ids, 0, sizeof(ids));
	list_users(&r, adm.access, "limit=2");
	if (!PAGE_OK(&r, 1, 2, &t1))
		goto out;
	T_CHECKF(&r, t1 >= 4, "at least 4 users, got %lld", t1);
	for (n = 0; n < users_len(&r) && n < 2; n++)
		snprintf(ids[n], sizeof(ids[n]), "%s",
		    t_str(&r, n == 0 ? "users.0.id" : "users.1.id"));
	if (users_len(&r) == 2)
		snprintf(last1, sizeof(last1), "%s",
		    t_str(&r, "users.1.createdAt"));

	list_users(&r, adm.access, "page=2&limit=2");
	if (!PAGE_OK(&r, 2, 2, &t2))
		goto out;
	T_CHECKF(&r, t2 == t1, "total on page 2 (%lld) = on page 1 (%lld)",
	    t2, t1);
	for (n = 0; n < users_len(&r) && n < 2; n++)
		snprintf(ids[2 + n], sizeof(ids[2 + n]), "%s",
		    t_str(&r, n == 0 ? "users.0.id" : "users.1.id"));
	for (i = 0; i < 4; i++)
		for (j = i + 1; j < 4; j++)
			T_CHECKF(&r, ids[i][0] == '\0' ||
			    strcmp(ids[i], ids[j]) != 0,
			    "pages 1 and 2 share no user (%s)", ids[i]);
	if (last1[0] != '\0' && users_len(&r) > 0)
		T_CHECKF(&r, t_iso_epoch(t_str(&r, "users.0.createdAt")) <=
		    t_iso_epoch(last1), "newest first across pages");

	/* The last page, and one past it. */
	pages = (t1 + 1) / 2;
	{
		char	 q[64];

		snprintf(q, sizeof(q), "page=%lld&limit=2", pages);
		list_users(&r, adm.access, q);
		if (PAGE_OK(&r, pages, 2, &t3))
			T_CHECKF(&r, t3 == t1, "total on the last page (%lld) "
			    "= on page 1 (%lld)", t3, t1);
		snprintf(q, sizeof(q), "page=%lld&limit=2", pages + 1);
		list_users(&r, adm.access, q);
		if (PAGE_OK(&r, pages + 1, 2, &t3)) {
			T_CHECKF(&r, users_len(&r) == 0,
			    "no rows past the last page");
			T_CHECKF(&r, t3 == t1, "total past the last page "
			    "(%lld) = on page 1 (%lld)", t3, t1);
		}
	}

	/* The newest three, ours, are the top of page 1 of 3. */
	list_users(&r, adm.access, "role=consultant&limit=3");
	if (PAGE_OK(&r, 1, 3, NULL)) {
		T_STR(&r, "users.0.id", u[2].id);
		T_STR(&r, "users.1.id", u[1].id);
		T_STR(&r, "users.2.id", u[0].id);
	}
out:
	t_free(&r);
}

/* Bad filters, pages and limits; a limit over 100 is clamped. */
static void
test_list_validation(void)
{
	static const struct {
		const char	*query;
		const char	*field;
	} bad[] = {
		{ "role=superadmin", "role" },
		{ "role=Admin", "role" },
		{ "role=", "role" },
		{ "role=admins", "role" },
		{ "status=banned", "status" },
		{ "status=Active", "status" },
		{ "status=", "status" },
		{ "page=0", "page" },
		{ "page=-1", "page" },
		{ "page=abc", "page" },
		{ "page=1.5", "page" },
		{ "page=", "page" },
		{ "limit=0", "limit" },
		{ "limit=-5", "limit" },
		{ "limit=ten", "limit" },
		{ "limit=", "limit" },
		{ "role=admin&status=banned", "status" },
		{ "role=boss&status=active", "role" },
	};
	struct tres	 r = {0};
	struct tuser	 adm;
	size_t		 i;

	if (ADMIN_NEW(&adm) == -1)
		return;
	for (i = 0; i < NELEM(bad); i++) {
		list_users(&r, adm.access, bad[i].query);
		T_ERROR(&r, 400, "VALIDATION_ERROR");
		if (!T_DETAIL(&r, bad[i].field))
			fprintf(stderr, "  (query %s)\n", bad[i].query);
		T_CHECK(&r, !t_has(&r, "users"));
	}
	/* Everything wrong at once is reported at once. */
	list_users(&r, adm.access, "role=x&status=y&page=0&limit=0");
	T_DETAIL(&r, "role");
	T_DETAIL(&r, "status");
	T_DETAIL(&r, "page");
	T_DETAIL(&r, "limit");
	/* Clamped, not refused. */
	list_users(&r, adm.access, "limit=101");
	PAGE_OK(&r, 1, PAGE_MAX, NULL);
	list_users(&r, adm.access, "limit=100000");
	PAGE_OK(&r, 1, PAGE_MAX, NULL);
	list_users(&r, adm.access, "limit=100");
	PAGE_OK(&r, 1, PAGE_MAX, NULL);
	list_users(&r, adm.access, "limit=1&page=1");
	PAGE_OK(&r, 1, 1, NULL);
	t_free(&r);
}

/* --- PATCH /v1/admin/users/:id --------------------------------------- */

/*
 * Suspending ends every session of the user at once (access and refresh
 * tokens) and stops logins; reactivating lets them log in again, the old
 * tokens staying dead.
 */
static void
test_patch_suspend(void)
{
	struct tres	 r = {0};
	struct tuser	 adm, u, s2;

	if (ADMIN_NEW(&adm) == -1 || t_register(&u) == -1 ||
	    t_login(&u, &s2) == -1)
		return;
	patch_user(&r, adm.access, u.id, NULL, "{\"status\":\"suspended\"}");
	if (!T_STATUS(&r, 200))
		goto out;
	T_COMMON(&r);
	ROW_IS(&r, "", &u, "consultant", "suspended");
	T_TOKEN_DENIED(u.access);
	T_TOKEN_DENIED(s2.access);
	T_REFRESH_DENIED(u.refresh);
	T_LOGIN_DENIED(u.email, u.password);
	/* Not through any other route either. */
	t_req(&r, "GET", "/v1/assessments", s2.access, NULL);
	T_ERROR(&r, 401, "UNAUTHORIZED");

	patch_user(&r, adm.access, u.id, NULL, "{\"status\":\"active\"}");
	if (!T_STATUS(&r, 200))
		goto out;
	ROW_IS(&r, "", &u, "consultant", "active");
	T_TOKEN_DENIED(u.access);
	T_TOKEN_DENIED(s2.access);
	T_REFRESH_DENIED(s2.refresh);
	T_LOGIN_OK(u.email, u.password);
	if (t_login(&u, &s2) == 0)
		T_TOKEN_OK(s2.access);
out:
	t_free(&r);
}

/* Deleting does the same; a deleted user can be reactivated. */
static void
test_patch_delete(void)
{
	struct tres	 r = {0};
	struct tuser	 adm, u, s2;

	if (ADMIN_NEW(&adm) == -1 || t_register(&u) == -1 ||
	    t_login(&u, &s2) == -1)
		return;
	patch_user(&r, adm.access, u.id, NULL, "{\"status\":\"deleted\"}");
	if (!T_STATUS(&r, 200))
		goto out;
	T_COMMON(&r);
	ROW_IS(&r, "", &u, "consultant", "deleted");
	T_TOKEN_DENIED(u.access);
	T_TOKEN_DENIED(s2.access);
	T_REFRESH_DENIED(s2.refresh);
	T_LOGIN_DENIED(u.email, u.password);

	patch_user(&r, adm.access, u.id, NULL, "{\"status\":\"active\"}");
	if (!T_STATUS(&r, 200))
		goto out;
	ROW_IS(&r, "", &u, "consultant", "active");
	T_TOKEN_DENIED(u.access);
	T_REFRESH_DENIED(u.refresh);
	T_LOGIN_OK(u.email, u.password);
out:
	t_free(&r);
}

/*
 * Promotion: after logging in again the user has admin access.  Demotion:
 * the admin token in hand loses it on the very next request.
 */
static void
test_patch_promote_demote(void)
{
	struct tres	 r = {0};
	struct tuser	 adm, u, again;

	if (ADMIN_NEW(&adm) == -1 || t_register(&u) == -1)
		return;
	patch_user(&r, adm.access, u.id, NULL, "{\"role\":\"admin\"}");
	if (!T_STATUS(&r, 200))
		goto out;
	T_COMMON(&r);
	ROW_IS(&r, "", &u, "admin", "active");
	if (t_login(&u, &again) == -1)
		goto out;
	list_users(&r, again.access, "limit=1");
	T_STATUS(&r, 200);
	t_req(&r, "GET", "/v1/admin/analytics", again.access, NULL);
	T_STATUS(&r, 200);
	t_req(&r, "GET", "/v1/users/me", again.access, NULL);
	T_STR(&r, "role", "admin");
	/* Promotion ends no session. */
	T_TOKEN_OK(u.access);

	patch_user(&r, adm.access, u.id, NULL, "{\"role\":\"consultant\"}");
	if (!T_STATUS(&r, 200))
		goto out;
	ROW_IS(&r, "", &u, "consultant", "active");
	list_users(&r, again.access, "limit=1");
	T_ERROR(&r, 403, "FORBIDDEN");
	t_req(&r, "GET", "/v1/admin/analytics", again.access, NULL);
	T_ERROR(&r, 403, "FORBIDDEN");
	patch_user(&r, again.access, adm.id, NULL, "{\"role\":\"consultant\"}");
	T_ERROR(&r, 403, "FORBIDDEN");
	t_req(&r, "GET", "/v1/users/me", again.access, NULL);
	T_STR(&r, "role", "consultant");
	T_CHECKF(NULL, admin_get(adm.access) == 200,
	    "the demoted user did not demote the admin");
out:
	t_free(&r);
}

/*
 * An admin cannot suspend, delete or demote themselves (403 FORBIDDEN,
 * nothing changes, nothing audited); a change that keeps them an active
 * admin is allowed.
 */
static void
test_patch_self(void)
{
	static const char *const bodies[] = {
		"{\"status\":\"suspended\"}",
		"{\"status\":\"deleted\"}",
		"{\"role\":\"consultant\"}",
		"{\"role\":\"consultant\",\"status\":\"active\"}",
		"{\"role\":\"admin\",\"status\":\"suspended\"}",
	};
	struct tres	 r = {0};
	struct tuser	 adm;
	char		 p[64];
	size_t		 i;
	long		 before, idx;

	if (ADMIN_NEW(&adm) == -1 || (before = AUDIT_COUNT(adm.id)) < 0)
		return;
	for (i = 0; i < NELEM(bodies); i++) {
		patch_user(&r, adm.access, adm.id, NULL, bodies[i]);
		if (!T_ERROR(&r, 403, "FORBIDDEN"))
			fprintf(stderr, "  (body %s)\n", bodies[i]);
		T_COMMON(&r);
	}
	T_CHECKF(NULL, AUDIT_COUNT(adm.id) == before,
	    "no audit row for a refused change");
	/* Still an active admin, with its session. */
	T_TOKEN_OK(adm.access);
	list_users(&r, adm.access, "role=admin&status=active&limit=10");
	if (T_STATUS(&r, 200)) {
		idx = users_find(&r, adm.id);
		if (T_CHECKF(&r, idx >= 0, "%s still an active admin",
		    adm.id)) {
			snprintf(p, sizeof(p), "users.%ld.", idx);
			ROW_IS(&r, p, &adm, "admin", "active");
		}
	}
	T_LOGIN_OK(adm.email, adm.password);

	/* Keeping oneself an active admin is no harm. */
	patch_user(&r, adm.access, adm.id, NULL,
	    "{\"role\":\"admin\",\"status\":\"active\"}");
	if (T_STATUS(&r, 200))
		ROW_IS(&r, "", &adm, "admin", "active");
	T_TOKEN_OK(adm.access);
	t_free(&r);
}

/*
 * One admin demotes, promotes, suspends and reactivates another while
 * other admins exist; the other can then do the same back.  (The last
 * active admin rule is not reachable here: see the top of the file.)
 */
static void
test_patch_admin_demotes_admin(void)
{
	struct tres	 r = {0};
	struct tuser	 a, b;

	if (ADMIN_NEW(&a) == -1 || ADMIN_NEW(&b) == -1)
		return;
	/* B demotes A: A's token loses admin access at once. */
	patch_user(&r, b.access, a.id, NULL, "{\"role\":\"consultant\"}");
	if (!T_STATUS(&r, 200))
		goto out;
	ROW_IS(&r, "", &a, "consultant", "active");
	T_CHECKF(NULL, admin_get(a.access) == 403,
	    "a demoted admin's token gets 403 on admin routes");
	patch_user(&r, a.access, b.id, NULL, "{\"role\":\"consultant\"}");
	T_ERROR(&r, 403, "FORBIDDEN");

	/* Promote again: the same token works again (role read per request). */
	patch_user(&r, b.access, a.id, NULL, "{\"role\":\"admin\"}");
	if (!T_STATUS(&r, 200))
		goto out;
	ROW_IS(&r, "", &a, "admin", "active");
	T_CHECKF(NULL, admin_get(a.access) == 200,
	    "the promoted admin has admin access again");

	/* B suspends A: A's session ends. */
	patch_user(&r, b.access, a.id, NULL, "{\"status\":\"suspended\"}");
	if (!T_STATUS(&r, 200))
		goto out;
	ROW_IS(&r, "", &a, "admin", "suspended");
	T_CHECKF(NULL, admin_get(a.access) == 401,
	    "a suspended admin's token gets 401");
	T_TOKEN_DENIED(a.access);
	T_LOGIN_DENIED(a.email, a.password);

	/* B reactivates A, who logs in and demotes B in turn. */
	patch_user(&r, b.access, a.id, NULL, "{\"status\":\"active\"}");
	if (!T_STATUS(&r, 200))
		goto out;
	ROW_IS(&r, "", &a, "admin", "active");
	if (t_login(&a, &a) == -1)
		goto out;
	patch_user(&r, a.access, b.id, NULL, "{\"role\":\"consultant\"}");
	if (T_STATUS(&r, 200))
		ROW_IS(&r, "", &b, "consultant", "active");
	T_CHECKF(NULL, admin_get(b.access) == 403,
	    "B, demoted, gets 403 on admin routes");
	T_CHECKF(NULL, admin_get(a.access) == 200, "A is an admin");
	/* And deletes B. */
	patch_user(&r, a.access, b.id, NULL, "{\"status\":\"deleted\"}");
	if (T_STATUS(&r, 200))
		ROW_IS(&r, "", &b, "consultant", "deleted");
	T_TOKEN_DENIED(b.access);
out:
	t_free(&r);
}

/* Any field but status and role is refused by name; nothing changes. */
static void
test_patch_other_fields(void)
{
	static const struct {
		const char	*field;
		const char	*body;
	} cases[] = {
		{ "email", "{\"email\":\"taken-over@example.com\"}" },
		{ "firstName", "{\"firstName\":\"Mallory\"}" },
		{ "lastName", "{\"lastName\":\"Mallory\"}" },
		{ "id", "{\"id\":\"usr_00000000000000000000\"}" },
		{ "foo", "{\"foo\":1}" },
		{ "password", "{\"password\":\"Other-Passw0rd!\"}" },
		{ "createdAt", "{\"createdAt\":\"2000-01-01T00:00:00Z\"}" },
		/* With a valid change: all or nothing. */
		{ "email", "{\"status\":\"suspended\","
		    "\"email\":\"x@example.com\"}" },
		{ "foo", "{\"role\":\"admin\",\"foo\":null}" },
	};
	struct tres	 r = {0};
	struct tuser	 adm, u;
	size_t		 i;

	if (ADMIN_NEW(&adm) == -1 || t_register(&u) == -1)
		return;
	for (i = 0; i < NELEM(cases); i++) {
		patch_user(&r, adm.access, u.id, NULL, cases[i].body);
		T_ERROR(&r, 400, "VALIDATION_ERROR");
		if (!T_DETAIL(&r, cases[i].field))
			fprintf(stderr, "  (body %s)\n", cases[i].body);
	}
	patch_user(&r, adm.access, u.id, NULL,
	    "{\"email\":\"a@example.com\",\"firstName\":\"X\",\"foo\":true}");
	T_DETAIL(&r, "email");
	T_DETAIL(&r, "firstName");
	T_DETAIL(&r, "foo");
	UNCHANGED(&u, "consultant");
	T_CHECKF(NULL, AUDIT_COUNT(u.id) == 0,
	    "no audit row for a refused change");
	t_free(&r);
}

/* Bad status and role values; nothing changes. */
static void
test_patch_bad_values(void)
{
	static const struct {
		const char	*field;
		const char	*body;
	} cases[] = {
		{ "status", "{\"status\":\"banned\"}" },
		{ "status", "{\"status\":\"Suspended\"}" },
		{ "status", "{\"status\":\"\"}" },
		{ "status", "{\"status\":5}" },
		{ "status", "{\"status\":true}" },
		{ "status", "{\"status\":[\"deleted\"]}" },
		{ "role", "{\"role\":\"superadmin\"}" },
		{ "role", "{\"role\":\"ADMIN\"}" },
		{ "role", "{\"role\":\"\"}" },
		{ "role", "{\"role\":1}" },
		{ "role", "{\"role\":{\"name\":\"admin\"}}" },
		/* A good value beside a bad one changes nothing either. */
		{ "role", "{\"status\":\"deleted\",\"role\":\"root\"}" },
		{ "status", "{\"role\":\"admin\",\"status\":\"gone\"}" },
	};
	struct tres	 r = {0};
	struct tuser	 adm, u;
	size_t		 i;

	if (ADMIN_NEW(&adm) == -1 || t_register(&u) == -1)
		return;
	for (i = 0; i < NELEM(cases); i++) {
		patch_user(&r, adm.access, u.id, NULL, cases[i].body);
		T_ERROR(&r, 400, "VALIDATION_ERROR");
		if (!T_DETAIL(&r, cases[i].field))
			fprintf(stderr, "  (body %s)\n", cases[i].body);
	}
	patch_user(&r, adm.access, u.id, NULL,
	    "{\"status\":\"x\",\"role\":\"y\"}");
	T_DETAIL(&r, "status");
	T_DETAIL(&r, "role");
	UNCHANGED(&u, "consultant");
	T_CHECKF(NULL, admin_get(u.access) == 403,
	    "the user did not become an admin");
	T_CHECKF(NULL, AUDIT_COUNT(u.id) == 0,
	    "no audit row for a refused change");
	t_free(&r);
}

/* An unknown or malformed id is 404, whatever the body. */
static void
test_patch_not_found(void)
{
	static const char *const ids[] = {
		"usr_00000000000000000000",
		"usr_zzzzzzzzzzzzzzzzzzzz",
		"nope",
		"usr_",
		"usr_0000000000000000000",	/* 19 */
		"usr_000000000000000000000",	/* 21 */
		"USR_00000000000000000000",
		"asm_00000000000000000000",
		"usr_0000000000000000000%27",
	};
	struct tres	 r = {0};
	struct tuser	 adm;
	size_t		 i;

	if (ADMIN_NEW(&adm) == -1)
		return;
	for (i = 0; i < NELEM(ids); i++) {
		patch_user(&r, adm.access, ids[i], NULL,
		    "{\"status\":\"suspended\"}");
		if (!T_ERROR(&r, 404, "NOT_FOUND"))
			fprintf(stderr, "  (id %s)\n", ids[i]);
		T_COMMON(&r);
	}
	t_free(&r);
}

/*
 * Every change is audited: action user.update on the user, by the admin,
 * with before and after, the client IP and the request id.  A refused
 * change leaves no row.
 */
static void
test_patch_audit(void)
{
	struct tres	 r = {0};
	struct tuser	 adm, u;
	char		 rid[80], out[1024], want[1024], ip[64];
	long		 n;

	if (ADMIN_NEW(&adm) == -1 || t_register(&u) == -1)
		return;
	snprintf(ip, sizeof(ip), "%s", t_ip());
	if (!T_CHECKF(NULL, AUDIT_COUNT(u.id) == 0,
	    "no audit row for a fresh user"))
		goto out;

	/* Suspend. */
	patch_user(&r, adm.access, u.id, new_rid(rid, sizeof(rid)),
	    "{\"status\":\"suspended\"}");
	if (!T_STATUS(&r, 200))
		goto out;
	T_CHECKF(&r, t_header(&r, "X-Request-ID") != NULL &&
	    strcmp(t_header(&r, "X-Request-ID"), rid) == 0,
	    "X-Request-ID %s echoed", rid);
	if (SQL(out, sizeof(out), "SELECT action, target_type, target_id, "
	    "coalesce(actor_id, '-'), coalesce(ip, '-'), "
	    "coalesce(before->>'status', '-'), coalesce(before->>'role', '-'), "
	    "coalesce(after->>'status', '-'), coalesce(after->>'role', '-') "
	    "FROM audit_log WHERE request_id = '%s'", rid) == -1)
		goto out;
	snprintf(want, sizeof(want), "user.update|user|%s|%s|%s|active|"
	    "consultant|suspended|consultant", u.id, adm.id, ip);
	T_CHECKF(NULL, strcmp(out, want) == 0,
	    "one audit row for request %s:\n        got  %s\n        want %s",
	    rid, out, want);
	T_CHECKF(NULL, AUDIT_COUNT(u.id) == 1, "one audit row for %s", u.id);

	/* Reactivate and promote in one change. */
	patch_user(&r, adm.access, u.id, new_rid(rid, sizeof(rid)),
	    "{\"status\":\"active\",\"role\":\"admin\"}");
	if (!T_STATUS(&r, 200))
		goto out;
	ROW_IS(&r, "", &u, "admin", "active");
	if (SQL(out, sizeof(out), "SELECT action, target_type, target_id, "
	    "coalesce(actor_id, '-'), coalesce(ip, '-'), "
	    "coalesce(before->>'status', '-'), coalesce(before->>'role', '-'), "
	    "coalesce(after->>'status', '-'), coalesce(after->>'role', '-') "
	    "FROM audit_log WHERE request_id = '%s'", rid) == -1)
		goto out;
	snprintf(want, sizeof(want), "user.update|user|%s|%s|%s|suspended|"
	    "consultant|active|admin", u.id, adm.id, ip);
	T_CHECKF(NULL, strcmp(out, want) == 0,
	    "one audit row for request %s:\n        got  %s\n        want %s",
	    rid, out, want);

	/* From another address: that address is recorded. */
	t_set_ip(t_new_ip());
	snprintf(ip, sizeof(ip), "%s", t_ip());
	patch_user(&r, adm.access, u.id, new_rid(rid, sizeof(rid)),
	    "{\"role\":\"consultant\"}");
	if (!T_STATUS(&r, 200))
		goto out;
	if (SQL(out, sizeof(out), "SELECT coalesce(ip, '-'), "
	    "coalesce(before->>'role', '-'), coalesce(after->>'role', '-'), "
	    "coalesce(after->>'status', '-') FROM audit_log "
	    "WHERE request_id = '%s'", rid) == -1)
		goto out;
	snprintf(want, sizeof(want), "%s|admin|consultant|active", ip);
	T_CHECKF(NULL, strcmp(out, want) == 0,
	    "audit row for request %s:\n        got  %s\n        want %s",
	    rid, out, want);
	n = AUDIT_COUNT(u.id);
	if (!T_CHECKF(NULL, n == 3, "three audit rows for %s, got %ld", u.id,
	    n))
		goto out;

	/* Refused: 400 and 404 leave nothing. */
	patch_user(&r, adm.access, u.id, new_rid(rid, sizeof(rid)),
	    "{\"status\":\"suspended\",\"email\":\"x@example.com\"}");
	T_ERROR(&r, 400, "VALIDATION_ERROR");
	if (SQL(out, sizeof(out), "SELECT count(*) FROM audit_log "
	    "WHERE request_id = '%s'", rid) == 0)
		T_CHECKF(NULL, strcmp(out, "0") == 0,
		    "no audit row for a 400 (request %s), got %s", rid, out);
	patch_user(&r, adm.access, u.id, new_rid(rid, sizeof(rid)),
	    "{\"role\":\"owner\"}");
	T_ERROR(&r, 400, "VALIDATION_ERROR");
	if (SQL(out, sizeof(out), "SELECT count(*) FROM audit_log "
	    "WHERE request_id = '%s'", rid) == 0)
		T_CHECKF(NULL, strcmp(out, "0") == 0,
		    "no audit row for a 400 (request %s), got %s", rid, out);
	patch_user(&r, adm.access, "usr_00000000000000000000",
	    new_rid(rid, sizeof(rid)), "{\"status\":\"suspended\"}");
	T_ERROR(&r, 404, "NOT_FOUND");
	if (SQL(out, sizeof(out), "SELECT count(*) FROM audit_log "
	    "WHERE request_id = '%s'", rid) == 0)
		T_CHECKF(NULL, strcmp(out, "0") == 0,
		    "no audit row for a 404 (request %s), got %s", rid, out);
	T_CHECKF(NULL, AUDIT_COUNT(u.id) == 3, "still three audit rows for %s",
	    u.id);

	/* Refused: 403 (self-demotion) leaves nothing. */
	n = AUDIT_COUNT(adm.id);
	patch_user(&r, adm.access, adm.id, new_rid(rid, sizeof(rid)),
	    "{\"role\":\"consultant\"}");
	T_ERROR(&r, 403, "FORBIDDEN");
	if (SQL(out, sizeof(out), "SELECT count(*) FROM audit_log "
	    "WHERE request_id = '%s'", rid) == 0)
		T_CHECKF(NULL, strcmp(out, "0") == 0,
		    "no audit row for a 403 (request %s), got %s", rid, out);
	T_CHECKF(NULL, AUDIT_COUNT(adm.id) == n,
	    "no new audit row for %s", adm.id);
out:
	t_free(&r);
}

/* --- GET /v1/admin/analytics ----------------------------------------- */

/* No dates: the last 30 days, ending now. */
static void
test_analytics_default(void)
{
	struct tuser	 adm;
	struct stats	 s;
	long long	 now, st, en;

	if (ADMIN_NEW(&adm) == -1 || ANALYTICS(adm.access, NULL, &s) == -1)
		return;
	now = (long long)time(NULL);
	st = t_iso_epoch(s.start);
	en = t_iso_epoch(s.end);
	T_CHECKF(NULL, en >= now - 120 && en <= now + 120,
	    "period.endDate (%s) is now", s.end);
	T_CHECKF(NULL, en - st >= 29 * 86400 && en - st <= 31 * 86400,
	    "period (%s to %s) is the last 30 days", s.start, s.end);
	/* This admin exists and logged in just now. */
	T_CHECKF(NULL, s.users >= 1 && s.active >= 1,
	    "totalUsers (%lld) and activeUsers (%lld) count the admin",
	    s.users, s.active);
}

/*
 * Explicit periods: dates (a bare endDate includes its whole day) and
 * date-times come back as given.
 */
static void
test_analytics_period(void)
{
	static const struct {
		const char	*query;
		const char	*start;
		const char	*end;
	} cases[] = {
		{ "startDate=2025-12-01&endDate=2025-12-22",
		    "2025-12-01T00:00:00Z", "2025-12-22T23:59:59Z" },
		{ "startDate=2025-12-01&endDate=2025-12-01",
		    "2025-12-01T00:00:00Z", "2025-12-01T23:59:59Z" },
		{ "startDate=2025-12-01T10:00:00Z&endDate=2025-12-01T11:30:00Z",
		    "2025-12-01T10:00:00Z", "2025-12-01T11:30:00Z" },
		{ "startDate=2025-12-01T10:00:00Z&endDate=2025-12-01T10:00:00Z",
		    "2025-12-01T10:00:00Z", "2025-12-01T10:00:00Z" },
		{ "startDate=2024-02-29&endDate=2024-03-01",
		    "2024-02-29T00:00:00Z", "2024-03-01T23:59:59Z" },
		{ "startDate=2025-01-01T00:00:00Z&endDate=2025-12-31",
		    "2025-01-01T00:00:00Z", "2025-12-31T23:59:59Z" },
	};
	struct tuser	 adm;
	struct stats	 s;
	size_t		 i;

	if (ADMIN_NEW(&adm) == -1)
		return;
	for (i = 0; i < NELEM(cases); i++) {
		if (ANALYTICS(adm.access, cases[i].query, &s) == -1)
			continue;
		T_CHECKF(NULL, strcmp(s.start, cases[i].start) == 0 &&
		    strcmp(s.end, cases[i].end) == 0, "%s: period %s to %s, "
		    "want %s to %s", cases[i].query, s.start, s.end,
		    cases[i].start, cases[i].end);
	}
}

/* Malformed dates and an end before the start. */
static void
test_analytics_validation(void)
{
	static const struct {
		const char	*query;
		const char	*field;
	} cases[] = {
		{ "startDate=2025-13-01", "startDate" },
		{ "startDate=yesterday", "startDate" },
		{ "startDate=2025-02-30", "startDate" },
		{ "startDate=2025-02-29", "startDate" },
		{ "startDate=2025-04-31", "startDate" },
		{ "startDate=2025-12-01T25:00:00Z", "startDate" },
		{ "startDate=2025-12-1", "startDate" },
		{ "startDate=", "startDate" },
		{ "endDate=2025-13-01", "endDate" },
		{ "endDate=yesterday", "endDate" },
		{ "endDate=2025-02-30", "endDate" },
		{ "endDate=2025-12-01T10:61:00Z", "endDate" },
		{ "endDate=", "endDate" },
		{ "startDate=2025-12-01&endDate=2025-02-30", "endDate" },
		{ "startDate=2025-13-01&endDate=2025-12-01", "startDate" },
		/* The end before the start. */
		{ "startDate=2025-12-10&endDate=2025-12-01", "endDate" },
		{ "startDate=2025-12-01T12:00:00Z&endDate=2025-12-01T11:59:59Z",
		    "endDate" },
		{ "startDate=2025-12-02&endDate=2025-12-01", "endDate" },
	};
	struct tres	 r = {0};
	struct tuser	 adm;
	size_t		 i;

	if (ADMIN_NEW(&adm) == -1)
		return;
	for (i = 0; i < NELEM(cases); i++) {
		analytics_raw(&r, adm.access, cases[i].query);
		T_ERROR(&r, 400, "VALIDATION_ERROR");
		if (!T_DETAIL(&r, cases[i].field))
			fprintf(stderr, "  (query %s)\n", cases[i].query);
		T_CHECK(&r, !t_has(&r, "metrics"));
	}
	analytics_raw(&r, adm.access, "startDate=2025-13-01&endDate=yesterday");
	T_DETAIL(&r, "startDate");
	T_DETAIL(&r, "endDate");
	t_free(&r);
}

/* A period long past: nothing happened then. */
static void
test_analytics_past(void)
{
	struct tuser	 adm;
	struct stats	 s;
	size_t		 i;

	if (ADMIN_NEW(&adm) == -1 || ANALYTICS(adm.access,
	    "startDate=2001-01-01&endDate=2001-01-31", &s) == -1)
		return;
	T_CHECKF(NULL, strcmp(s.start, "2001-01-01T00:00:00Z") == 0 &&
	    strcmp(s.end, "2001-01-31T23:59:59Z") == 0,
	    "period 2001-01-01T00:00:00Z to 2001-01-31T23:59:59Z, got %s to %s",
	    s.start, s.end);
	T_CHECKF(NULL, s.users == 0 && s.active == 0 && s.assessments == 0 &&
	    s.completed == 0 && s.reports == 0 && s.avg == 0,
	    "all metrics 0 in January 2001, got users %lld, active %lld, "
	    "assessments %lld, completed %lld, reports %lld, average %lld",
	    s.users, s.active, s.assessments, s.completed, s.reports, s.avg);
	for (i = 0; i < NELEM(s.disc); i++)
		T_CHECKF(NULL, s.disc[i] == 0, "discDistribution.%s is 0",
		    disc_keys[i]);
	for (i = 0; i < NELEM(s.phase); i++)
		T_CHECKF(NULL, s.phase[i] == 0, "phaseDistribution.%s is 0",
		    phase_keys[i]);
}

/*
 * The figures follow real activity: in a window around now, two new
 * users, one assessment completed and one report generated move the
 * counts by exactly that much.
 */
static void
test_analytics_counts(void)
{
	struct tuser	 adm, u, u2;
	struct tasm	 a;
	struct stats	 s0, s1;
	char		 q[160], b0[32], b1[32];
	time_t		 now = time(NULL);

	if (ADMIN_NEW(&adm) == -1)
		return;
	/* A minute back, two ahead: room for the report to be rendered. */
	snprintf(q, sizeof(q), "startDate=%s&endDate=%s",
	    iso_at(b0, now - 60), iso_at(b1, now + 120));
	if (ANALYTICS(adm.access, q, &s0) == -1)
		return;
	T_CHECKF(NULL, strcmp(s0.start, b0) == 0 && strcmp(s0.end, b1) == 0,
	    "period %s to %s, want %s to %s", s0.start, s0.end, b0, b1);

	/* Two users who register and log in; one completes an assessment. */
	if (t_register(&u) == -1 || t_register(&u2) == -1 ||
	    t_login(&u, &u) == -1 || t_login(&u2, &u2) == -1 ||
	    ASM_DONE(&u, &prof_a, &a) == -1 || REPORT_READY(u.access, a.id) == -1)
		return;

	if (ANALYTICS(adm.access, q, &s1) == -1)
		return;
	T_CHECKF(NULL, s1.users == s0.users + 2,
	    "totalUsers grew by the 2 users registered: %lld -> %lld",
	    s0.users, s1.users);
	T_CHECKF(NULL, s1.active == s0.active + 2,
	    "activeUsers grew by the 2 users who registered and logged in: "
	    "%lld -> %lld", s0.active, s1.active);
	T_CHECKF(NULL, s1.assessments == s0.assessments + 1,
	    "totalAssessments grew by 1: %lld -> %lld", s0.assessments,
	    s1.assessments);
	T_CHECKF(NULL, s1.completed == s0.completed + 1,
	    "completedAssessments grew by 1: %lld -> %lld", s0.completed,
	    s1.completed);
	T_CHECKF(NULL, s1.reports == s0.reports + 1,
	    "reportsGenerated grew by 1: %lld -> %lld", s0.reports,
	    s1.reports);
	/* Profile A: primary C and Organize, so those shares are not 0. */
	T_CHECKF(NULL, s1.disc[PROFILE_A_DISC] > 0,
	    "discDistribution.C > 0 with a C assessment completed, got %lld",
	    s1.disc[PROFILE_A_DISC]);
	T_CHECKF(NULL, s1.phase[PROFILE_A_PHASE] > 0,
	    "phaseDistribution.Organize > 0 with an Organize assessment "
	    "completed, got %lld", s1.phase[PROFILE_A_PHASE]);
	/* Only ours completed in the window: 100% for its primaries. */
	if (s0.completed == 0) {
		T_CHECKF(NULL, s1.disc[PROFILE_A_DISC] == 100 &&
		    s1.phase[PROFILE_A_PHASE] == 100,
		    "the one completed assessment is 100%% C and 100%% "
		    "Organize, got %lld and %lld", s1.disc[PROFILE_A_DISC],
		    s1.phase[PROFILE_A_PHASE]);
		/* Answered in one submission: no time between. */
		T_CHECKF(NULL, s1.avg == 0, "averageCompletionTime of one "
		    "assessment answered in one submission is 0, got %lld",
		    s1.avg);
	}
	/* A window entirely in the past saw none of it. */
	if (ANALYTICS(adm.access, "startDate=2001-01-01&endDate=2001-01-31",
	    &s1) == 0)
		T_CHECKF(NULL, s1.users == 0 && s1.active == 0 &&
		    s1.assessments == 0 && s1.completed == 0 && s1.reports == 0 &&
		    s1.avg == 0 && s1.disc[PROFILE_A_DISC] == 0 &&
		    s1.phase[PROFILE_A_PHASE] == 0,
		    "January 2001 is all zeros after today's activity");
}

/*
 * Wait for the next second and return it: whatever happened before is
 * strictly before a window that starts then.
 */
static time_t
fresh_second(void)
{
	time_t	 t = time(NULL) + 1;

	while (time(NULL) < t)
		t_msleep(50);
	return t;
}

/*
 * The distributions are the period's completed assessments by primary, as
 * integer percentages that add up to exactly 100: three assessments of
 * three primaries (C/Organize, I/Systemic, D/Stabilize) are 33 or 34 each,
 * the others 0.
 */
static void
test_analytics_distribution(void)
{
	struct tuser	 adm, u;
	struct tasm	 a;
	struct stats	 s;
	const struct prof *ps[] = { &prof_a, &prof_b, &prof_c };
	char		 q[160], b0[32], b1[32];
	time_t		 t0;
	long long	 sum;
	size_t		 i, k;
	int		 primary;

	if (ADMIN_NEW(&adm) == -1 || t_register(&u) == -1)
		return;
	t0 = fresh_second();
	snprintf(q, sizeof(q), "startDate=%s&endDate=%s", iso_at(b0, t0),
	    iso_at(b1, t0 + 120));
	for (i = 0; i < NELEM(ps); i++)
		if (ASM_DONE(&u, ps[i], &a) == -1)
			return;
	if (ANALYTICS(adm.access, q, &s) == -1)
		return;
	T_CHECKF(NULL, s.completed == 3 && s.assessments == 3,
	    "3 assessments created and completed in the window, got %lld "
	    "and %lld", s.assessments, s.completed);
	T_CHECKF(NULL, s.reports == 0, "no report generated in the window, "
	    "got %lld", s.reports);
	T_CHECKF(NULL, s.avg == 0, "averageCompletionTime of assessments "
	    "answered in one submission is 0, got %lld", s.avg);
	for (sum = 0, k = 0; k < NELEM(s.disc); k++) {
		for (primary = 0, i = 0; i < NELEM(ps); i++)
			primary |= ps[i]->disc == (int)k;
		T_CHECKF(NULL, primary ? s.disc[k] == 33 || s.disc[k] == 34 :
		    s.disc[k] == 0, "discDistribution.%s is %s, got %lld",
		    disc_keys[k], primary ? "33 or 34" : "0", s.disc[k]);
		sum += s.disc[k];
	}
	T_CHECKF(NULL, sum == 100, "discDistribution sums to 100, got %lld",
	    sum);
	for (sum = 0, k = 0; k < NELEM(s.phase); k++) {
		for (primary = 0, i = 0; i < NELEM(ps); i++)
			primary |= ps[i]->phase == (int)k;
		T_CHECKF(NULL, primary ? s.phase[k] == 33 || s.phase[k] == 34 :
		    s.phase[k] == 0, "phaseDistribution.%s is %s, got %lld",
		    phase_keys[k], primary ? "33 or 34" : "0", s.phase[k]);
		sum += s.phase[k];
	}
	T_CHECKF(NULL, sum == 100, "phaseDistribution sums to 100, got %lld",
	    sum);

	/* A fourth, C/Organize again: 2 of 4 is 50, 1 of 4 is 25. */
	if (ASM_DONE(&u, &prof_a, &a) == -1 ||
	    ANALYTICS(adm.access, q, &s) == -1)
		return;
	T_CHECKF(NULL, s.completed == 4, "4 completed, got %lld", s.completed);
	T_CHECKF(NULL, s.disc[0] == 25 && s.disc[1] == 25 && s.disc[2] == 0 &&
	    s.disc[3] == 50, "discDistribution D 25, I 25, S 0, C 50, got "
	    "%lld, %lld, %lld, %lld", s.disc[0], s.disc[1], s.disc[2],
	    s.disc[3]);
	T_CHECKF(NULL, s.phase[0] == 25 && s.phase[1] == 50 &&
	    s.phase[2] == 0 && s.phase[3] == 0 && s.phase[4] == 25,
	    "phaseDistribution Stabilize 25, Organize 50, Build 0, Grow 0, "
	    "Systemic 25, got %lld, %lld, %lld, %lld, %lld", s.phase[0],
	    s.phase[1], s.phase[2], s.phase[3], s.phase[4]);
}

/*
 * averageCompletionTime: whole minutes from the start of an assessment
 * to its completion.  One answered over 20 minutes (its creation and first
 * answer moved 20 minutes back in the database) averages 20.
 */
static void
test_analytics_completion_time(void)
{
	struct tuser	 adm, u;
	struct tasm	 a;
	struct stats	 s;
	char		 q[160], b0[32], b1[32], out[64];
	time_t		 t0;

	if (ADMIN_NEW(&adm) == -1 || t_register(&u) == -1 ||
	    asm_new_at(&u, &a, __FILE__, __LINE__) == -1 ||
	    t_asm_answer_at(&a, prof_b.p, 0, 10, 0, __FILE__, __LINE__) == -1)
		return;
	if (SQL(out, sizeof(out), "UPDATE assessments SET "
	    "created_at = created_at - interval '20 minutes', "
	    "started_at = started_at - interval '20 minutes' "
	    "WHERE id = '%s' AND started_at IS NOT NULL RETURNING id",
	    a.id) == -1 || !T_CHECKF(NULL, strcmp(out, a.id) == 0,
	    "moved %s 20 minutes back (got \"%s\")", a.id, out))
		return;
	t0 = fresh_second();
	snprintf(q, sizeof(q), "startDate=%s&endDate=%s", iso_at(b0, t0),
	    iso_at(b1, t0 + 120));
	if (t_asm_answer_at(&a, prof_b.p, 10, prof_b.p->n, 1, __FILE__,
	    __LINE__) == -1 || ANALYTICS(adm.access, q, &s) == -1)
		return;
	T_CHECKF(NULL, s.completed == 1, "1 completed in the window, got %lld",
	    s.completed);
	T_CHECKF(NULL, s.avg == 20, "averageCompletionTime 20 (minutes), got "
	    "%lld", s.avg);
	T_CHECKF(NULL, s.disc[prof_b.disc] == 100 &&
	    s.phase[prof_b.phase] == 100, "the one completed assessment is "
	    "100%% I and 100%% Systemic, got %lld and %lld",
	    s.disc[prof_b.disc], s.phase[prof_b.phase]);
}

void
suite_admin(void)
{
	CU_pSuite	 s = t_suite("admin");

	T_ADD(s, test_admin_access);
	T_ADD(s, test_list_shape);
	T_ADD(s, test_list_new_users);
	T_ADD(s, test_list_filters);
	T_ADD(s, test_list_paging);
	T_ADD(s, test_list_validation);
	T_ADD(s, test_patch_suspend);
	T_ADD(s, test_patch_delete);
	T_ADD(s, test_patch_promote_demote);
	T_ADD(s, test_patch_self);
	T_ADD(s, test_patch_admin_demotes_admin);
	T_ADD(s, test_patch_other_fields);
	T_ADD(s, test_patch_bad_values);
	T_ADD(s, test_patch_not_found);
	T_ADD(s, test_patch_audit);
	T_ADD(s, test_analytics_default);
	T_ADD(s, test_analytics_period);
	T_ADD(s, test_analytics_validation);
	T_ADD(s, test_analytics_past);
	T_ADD(s, test_analytics_counts);
	T_ADD(s, test_analytics_distribution);
	T_ADD(s, test_analytics_completion_time);
}
