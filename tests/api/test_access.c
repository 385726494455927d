/*
 * Suite "access": who may call what, route by route.
 *
 * The table below lists every route of cgi-bin/<family>/main.c with its
 * guard and a sample request.  test_route_table reads those route tables
 * from the source tree at run time and fails when a route exists in the
 * code but not here (or here only), or when its guard differs, so that no
 * new route escapes the other tests, which walk this table:
 *
 *   - every bearer route with no token and with forged ones (garbage, alg
 *     none, HS384 and HS512 signed with the real secret, expired, not yet
 *     valid, wrong iss or aud, wrong typ, a refresh token, a role changed
 *     and re-signed with another key or not signed): 401 and the envelope;
 *   - every cookie route with no or a forged cookie: 303 to /login;
 *   - every form with a missing or wrong CSRF token: 403;
 *   - a consultant on every admin route: 403, and a role claim re-signed
 *     with the real secret changes nothing (the role is the database's);
 *   - consultant B of the same organization, and C of another, on every
 *     route that names one of consultant A's objects: 404, and A's objects
 *     are as they were (read back through A and from the database).
 */
#include <ctype.h>
#include <glob.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <CUnit/CUnit.h>
#include <json-c/json.h>

#include "client.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define IP_EVERY	40	/* requests per client IP (limit 100/15 min) */

/*
 * Whether the matrix cell (row i, column k) is sent: all of them, but in
 * the sanitizer build (T_SANITIZED) one in SAMPLE along diagonals, which
 * still sends every row and every column several times.
 */
#define SAMPLE		3
#define CELL(i, k)	(!T_SANITIZED || ((i) + (k)) % SAMPLE == 0)
#define READY_WAIT	30	/* seconds a report may take */

/* Route flags, as named in the route tables (lib/route.h). */
#define F_AUTH		0x001	/* ROUTE_AUTH: a bearer token */
#define F_OPT		0x002	/* ROUTE_AUTH_OPT: a bearer token or a link */
#define F_ADMIN		0x004	/* ROUTE_ADMIN */
#define F_COOKIE	0x008	/* ROUTE_COOKIE: a web session */
#define F_COOKIE_OPT	0x010	/* ROUTE_COOKIE_OPT */
#define F_CSRF		0x020	/* ROUTE_CSRF */
#define F_JSON		0x040	/* ROUTE_JSON */
#define F_FORM		0x080	/* ROUTE_FORM */
#define F_WEB		0x100	/* served by cgi-bin/web (not a flag) */

static const struct {
	const char	*name;
	unsigned	 flag;
} flag_names[] = {
	{ "ROUTE_AUTH", F_AUTH }, { "ROUTE_AUTH_OPT", F_OPT },
	{ "ROUTE_ADMIN", F_ADMIN }, { "ROUTE_COOKIE", F_COOKIE },
	{ "ROUTE_COOKIE_OPT", F_COOKIE_OPT }, { "ROUTE_CSRF", F_CSRF },
	{ "ROUTE_JSON", F_JSON }, { "ROUTE_FORM", F_FORM },
};

/*
 * One route: method and pattern as in its route table, its flags, and a
 * sample request.  In path, {x} is A's assessment in progress, {y} A's
 * completed one, {rpt} its report, {usr} another user, {tok} the link
 * token of {x}.  body: the JSON (F_JSON) or form fields (F_FORM, without
 * csrf) of a request that would succeed for the owner.
 */
struct rte {
	const char	*method;
	const char	*pattern;
	unsigned	 flags;
	const char	*path;
	const char	*body;
};

#define W	F_WEB
#define C	(F_COOKIE | F_WEB)
#define CF	(F_COOKIE | F_FORM | F_CSRF | F_WEB)

static const struct rte routes[] = {
	/* admin */
	{ "GET", "/v1/admin/users", F_AUTH | F_ADMIN, "/v1/admin/users", NULL },
	{ "PATCH", "/v1/admin/users/:id", F_AUTH | F_ADMIN | F_JSON,
	    "/v1/admin/users/{usr}", "{\"status\":\"suspended\"}" },
	{ "GET", "/v1/admin/analytics", F_AUTH | F_ADMIN, "/v1/admin/analytics",
	    NULL },
	/* assessments */
	{ "POST", "/v1/assessments", F_AUTH | F_JSON, "/v1/assessments",
	    "{\"clientName\":\"Mallory\",\"clientEmail\":\"m@example.com\","
	    "\"businessName\":\"Mallory Ltd\",\"assessmentType\":"
	    "\"collaborative\"}" },
	{ "GET", "/v1/assessments", F_AUTH, "/v1/assessments", NULL },
	{ "GET", "/v1/assessments/:id", F_AUTH, "/v1/assessments/{x}", NULL },
	{ "PATCH", "/v1/assessments/:id", F_AUTH | F_JSON,
	    "/v1/assessments/{x}", "{\"notes\":\"pwned\"}" },
	{ "DELETE", "/v1/assessments/:id", F_AUTH, "/v1/assessments/{x}", NULL },
	{ "POST", "/v1/assessments/:id/responses", F_OPT | F_JSON,
	    "/v1/assessments/{x}/responses", "{\"responses\":[{\"questionId\":"
	    "\"q_001\",\"selectedOption\":\"opt_001_a\"}],\"isPartial\":true}" },
	{ "GET", "/v1/assessments/:id/responses", F_OPT,
	    "/v1/assessments/{x}/responses", NULL },
	{ "POST", "/v1/assessments/:id/invite", F_AUTH,
	    "/v1/assessments/{x}/invite", NULL },
	/* auth */
	{ "POST", "/v1/auth/register", F_JSON, "/v1/auth/register", NULL },
	{ "POST", "/v1/auth/login", F_JSON, "/v1/auth/login", NULL },
	{ "POST", "/v1/auth/refresh", F_JSON, "/v1/auth/refresh", NULL },
	{ "POST", "/v1/auth/logout", F_AUTH, "/v1/auth/logout", NULL },
	/* health, questions */
	{ "GET", "/v1/health", 0, "/v1/health", NULL },
	{ "GET", "/v1/questions", F_OPT, "/v1/questions", NULL },
	/* reports */
	{ "POST", "/v1/reports/:assessmentId/generate", F_AUTH | F_JSON,
	    "/v1/reports/{y}/generate", "{\"reportType\":\"client\"}" },
	{ "GET", "/v1/reports/:reportId", F_AUTH, "/v1/reports/{rpt}", NULL },
	{ "GET", "/v1/reports/:reportId/download", F_OPT,
	    "/v1/reports/{rpt}/download", NULL },
	/* users */
	{ "GET", "/v1/users/me", F_AUTH, "/v1/users/me", NULL },
	{ "PATCH", "/v1/users/me", F_AUTH | F_JSON, "/v1/users/me",
	    "{\"firstName\":\"Pwned\"}" },
	{ "PUT", "/v1/users/me/password", F_AUTH | F_JSON,
	    "/v1/users/me/password", "{\"currentPassword\":\"" T_PASSWORD "\","
	    "\"newPassword\":\"Pwned-Passw0rd-1\"}" },
	/* web */
	{ "GET", "/", C, "/", NULL },
	{ "GET", "/login", F_COOKIE_OPT | W, "/login", NULL },
	{ "POST", "/login", F_COOKIE_OPT | F_FORM | F_CSRF | W, "/login", NULL },
	{ "POST", "/logout", CF, "/logout", "" },
	{ "GET", "/assessments", C, "/assessments", NULL },
	{ "GET", "/assessments/new", C, "/assessments/new", NULL },
	{ "POST", "/assessments/new", CF, "/assessments/new",
	    "clientName=Mallory&clientEmail=m%40example.com&businessName=M&"
	    "assessmentType=collaborative" },
	{ "GET", "/assessments/:id", C, "/assessments/{x}", NULL },
	{ "POST", "/assessments/:id", CF, "/assessments/{x}", "notes=pwned" },
	{ "GET", "/assessments/:id/delete", C, "/assessments/{x}/delete", NULL },
	{ "POST", "/assessments/:id/delete", CF, "/assessments/{x}/delete", "" },
	{ "POST", "/assessments/:id/reports", CF, "/assessments/{y}/reports",
	    "reportType=client" },
	{ "GET", "/reports/:id/download", C, "/reports/{rpt}/download", NULL },
	{ "GET", "/charts/assessments/:id/:chart", C,
	    "/charts/assessments/{y}/phases.png", NULL },
	{ "GET", "/profile", C, "/profile", NULL },
	{ "POST", "/profile", CF, "/profile", "firstName=Pwned&lastName=P" },
	{ "POST", "/profile/password", CF, "/profile/password",
	    "currentPassword=" T_PASSWORD "&newPassword=Pwned-Passw0rd-1&"
	    "confirmPassword=Pwned-Passw0rd-1" },
	{ "GET", "/admin/users", C | F_ADMIN, "/admin/users", NULL },
	{ "GET", "/admin/users/new", C | F_ADMIN, "/admin/users/new", NULL },
	{ "POST", "/admin/users/new", CF | F_ADMIN, "/admin/users/new",
	    "email=mallory%40example.com&firstName=M&lastName=M&"
	    "role=admin&password=Pwned-Passw0rd-1" },
	{ "POST", "/admin/users/:id", CF | F_ADMIN, "/admin/users/{usr}",
	    "status=suspended" },
	{ "GET", "/admin/analytics", C | F_ADMIN, "/admin/analytics", NULL },
	{ "GET", "/charts/admin/:chart", C | F_ADMIN, "/charts/admin/disc.png",
	    NULL },
	{ "GET", "/assess/:token", W, "/assess/{tok}", NULL },
	{ "POST", "/assess/:token", F_FORM | W, "/assess/{tok}", "" },
	{ "GET", "/assess/:token/done", W, "/assess/{tok}/done", NULL },
};

#undef W
#undef C
#undef CF

/* The flags the table and the code must agree on. */
#define F_GUARDS	(F_AUTH | F_OPT | F_ADMIN | F_COOKIE | F_COOKIE_OPT | \
			    F_CSRF | F_JSON | F_FORM | F_WEB)

/* --- the route tables in the source -------------------------------- */

/* Replaces every C comment of s with spaces, in place. */
static void
strip_comments(char *s)
{
	char	*p = s, *e;

	while ((p = strstr(p, "/*")) != NULL) {
		if ((e = strstr(p + 2, "*/")) == NULL)
			e = p + strlen(p) - 2;
		memset(p, ' ', (size_t)(e + 2 - p));
		p = e + 2;
	}
}

/* The ROUTE_ flags of expr, with the file's #define'd names expanded. */
static unsigned
parse_flags(const char *expr, const char *src, int depth)
{
	char		 tok[64], def[80];
	const char	*p = expr, *d;
	unsigned	 f = 0;
	size_t		 n, i;

	while (*p != '\0') {
		if (!isalnum((unsigned char)*p) && *p != '_') {
			p++;
			continue;
		}
		for (n = 0; (isalnum((unsigned char)p[n]) || p[n] == '_'); n++)
			continue;
		if (n < sizeof(tok)) {
			memcpy(tok, p, n);
			tok[n] = '\0';
			for (i = 0; i < NELEM(flag_names); i++)
				if (strcmp(tok, flag_names[i].name) == 0)
					f |= flag_names[i].flag;
			/* "#define C ROUTE_COOKIE" and the like. */
			snprintf(def, sizeof(def), "#define %s", tok);
			if (depth < 2 && (d = strstr(src, def)) != NULL &&
			    (d[strlen(def)] == ' ' || d[strlen(def)] == '\t')) {
				char	 line[256];
				size_t	 len;

				d += strlen(def);
				len = strcspn(d, "\n");
				snprintf(line, sizeof(line), "%.*s", (int)len, d);
				f |= parse_flags(line, src, depth + 1);
			}
		}
		p += n;
	}
	return f;
}

/*
 * The routes of one main.c: each "{ REQ_<M>, "<pattern>", handler,
 * flags, class }" of its routes[] table is checked against ours; seen[]
 * marks the ones found.  Returns how many routes the file has.
 */
static int
check_main(const char *file, char *src, int *seen, int web)
{
	char		*p, *end, *ent, *f[5], *q;
	char		 method[16], pattern[128];
	unsigned	 flags;
	size_t		 i;
	int		 n = 0, nf, found;

	strip_comments(src);
	if (!T_CHECKF(NULL, (p = strstr(src, "routes[] = {")) != NULL,
	    "%s has a routes[] table", file))
		return 0;
	p += strlen("routes[] = {");
	if (!T_CHECKF(NULL, (end = strstr(p, "};")) != NULL,
	    "%s: the routes[] table ends", file))
		return 0;
	*end = '\0';
	while ((p = strchr(p, '{')) != NULL) {
		ent = ++p;
		if ((p = strchr(p, '}')) == NULL)
			break;
		*p++ = '\0';
		for (nf = 0, q = ent; nf < 5 && q != NULL; nf++) {
			f[nf] = q;
			if ((q = strchr(q, ',')) != NULL)
				*q++ = '\0';
		}
		if (!T_CHECKF(NULL, nf == 5 && sscanf(f[0], " REQ_%15[A-Z]",
		    method) == 1 && sscanf(f[1], " \"%127[^\"]\"", pattern) == 1,
		    "%s: route entry {%s} reads as { REQ_<M>, \"<pattern>\", "
		    "handler, flags, class }", file, ent))
			continue;
		n++;
		flags = parse_flags(f[3], src, 0) | (web ? F_WEB : 0);
		found = 0;
		for (i = 0; i < NELEM(routes); i++) {
			if (strcmp(routes[i].method, method) != 0 ||
			    strcmp(routes[i].pattern, pattern) != 0)
				continue;
			found = 1;
			seen[i]++;
			T_CHECKF(NULL, (routes[i].flags & F_GUARDS) == flags,
			    "%s: %s %s has flags 0x%x in the code, 0x%x in "
			    "test_access.c", file, method, pattern, flags,
			    routes[i].flags & F_GUARDS);
		}
		T_CHECKF(NULL, found, "%s: %s %s is not in the route table of "
		    "tests/api/test_access.c: add it, so that the access tests "
		    "cover it", file, method, pattern);
	}
	return n;
}

/* Reads a whole file; caller frees.  NULL if it cannot. */
static char *
slurp(const char *path)
{
	FILE	*f;
	char	*buf;
	long	 n;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0 || (buf = malloc((size_t)n + 1)) == NULL) {
		fclose(f);
		return NULL;
	}
	buf[fread(buf, 1, (size_t)n, f)] = '\0';
	fclose(f);
	return buf;
}

/*
 * Every route of every cgi-bin/<family>/main.c (read from the source
 * tree: the tests run from the project root) is in our table with the
 * same flags, and every route of our table is in the code.
 */
static void
test_route_table(void)
{
	glob_t	 g;
	char	*src, fam[64];
	int	 seen[NELEM(routes)] = {0}, total = 0;
	size_t	 i;

	if (!T_CHECKF(NULL, glob("cgi-bin/*/main.c", 0, NULL, &g) == 0 &&
	    g.gl_pathc >= 8, "the route tables cgi-bin/*/main.c are readable "
	    "from the working directory (the project root)"))
		return;
	for (i = 0; i < g.gl_pathc; i++) {
		if (!T_CHECKF(NULL, (src = slurp(g.gl_pathv[i])) != NULL,
		    "read %s", g.gl_pathv[i]))
			continue;
		if (sscanf(g.gl_pathv[i], "cgi-bin/%63[^/]", fam) != 1)
			fam[0] = '\0';
		total += check_main(g.gl_pathv[i], src, seen,
		    strcmp(fam, "web") == 0);
		free(src);
	}
	globfree(&g);
	for (i = 0; i < NELEM(routes); i++)
		T_CHECKF(NULL, seen[i] == 1, "%s %s of test_access.c is in the "
		    "code once (found %d times)", routes[i].method,
		    routes[i].pattern, seen[i]);
	T_CHECKF(NULL, total == (int)NELEM(routes), "the code has %d routes, "
	    "the table %zu", total, NELEM(routes));
}

/* --- the victim: consultant A and its objects ---------------------- */

static struct {
	int		 state;		/* 0 not yet, 1 built, -1 failed */
	struct tuser	 a;		/* consultant A */
	struct tweb	 aw;		/* A's web session */
	struct tasm	 x;		/* in progress, 5 answers */
	struct tasm	 y;		/* completed, with report rpt */
	char		 rpt[32];
	struct tuser	 other;		/* a consultant of its own ({usr}) */
} V;

/*
 * Queues a consultant report of A's assessment y and waits until it is
 * ready; its id into V.rpt.  Returns 0, or -1 after recording a failure.
 */
static int
report_ready(void)
{
	struct tres	 r = {0};
	char		 path[80];
	const char	*st = NULL;
	time_t		 t0 = time(NULL);
	int		 rc = -1;

	snprintf(path, sizeof(path), "/v1/reports/%s/generate", V.y.id);
	t_req(&r, "POST", path, V.a.access, "{\"reportType\":\"consultant\"}");
	if (!T_STATUS(&r, 200) ||
	    !T_CHECK(&r, t_is_id(t_str(&r, "reportId"), "rpt_")))
		goto out;
	snprintf(V.rpt, sizeof(V.rpt), "%s", t_str(&r, "reportId"));
	snprintf(path, sizeof(path), "/v1/reports/%s", V.rpt);
	do {
		t_msleep(time(NULL) - t0 < 2 ? 200 : 1000);
		t_req(&r, "GET", path, V.a.access, NULL);
		st = t_str(&r, "status");
	} while (r.status == 200 && st != NULL &&
	    strcmp(st, "processing") == 0 && time(NULL) - t0 < READY_WAIT);
	if (T_CHECKF(&r, r.status == 200 && st != NULL &&
	    strcmp(st, "ready") == 0, "report %s ready within %d s", V.rpt,
	    READY_WAIT))
		rc = 0;
out:
	t_free(&r);
	return rc;
}

#define ASM_BODY(client) \
	"{\"clientName\":\"" client "\",\"clientEmail\":\"owner@example.com\"," \
	"\"businessName\":\"Victim Works\",\"industry\":\"Retail\"," \
	"\"assessmentType\":\"self-administered\",\"notes\":\"untouched\"}"

/*
 * A and its objects, made once per run: x in progress (5 answers), y
 * completed with a ready report, A's web session, and another
 * consultant.  Returns &V, or NULL after recording a failure.
 */
static const void *
victim(void)
{

	if (V.state != 0)
		return V.state == 1 ? &V : NULL;
	V.state = -1;
	if (t_register(&V.a) == -1 || t_register(&V.other) == -1 ||
	    t_asm_new_at(&V.a, &V.x, __FILE__, __LINE__, ASM_BODY("Xavier")) ||
	    t_asm_new_at(&V.a, &V.y, __FILE__, __LINE__, ASM_BODY("Yolanda")) ||
	    t_asm_answer_at(&V.x, &t_prof_a, 0, 5, 0, __FILE__, __LINE__) ||
	    t_asm_answer_at(&V.y, &t_prof_a, 0, t_prof_a.n, 1, __FILE__,
	    __LINE__) || report_ready() == -1 || WEB_LOGIN(&V.a, &V.aw) == -1)
		return NULL;
	V.state = 1;
	return &V;
}

/* The value of a {key} of a sample path, NULL if unknown. */
static const char *
sample(const char *key, size_t *keylen)
{
	static const char *const keys[] = { "{x}", "{y}", "{rpt}", "{usr}",
	    "{tok}" };
	const char	*vals[] = { V.x.id, V.y.id, V.rpt, V.other.id, V.x.token };
	size_t		 k;

	for (k = 0; k < NELEM(keys); k++)
		if (strncmp(key, keys[k], strlen(keys[k])) == 0) {
			*keylen = strlen(keys[k]);
			return vals[k];
		}
	return NULL;
}

/* A sample path with A's objects in it, into out. */
static void
expand(char *out, size_t outsz, const char *path)
{
	const char	*v;
	size_t		 n = 0, klen;
	int		 w;

	while (*path != '\0' && n + 1 < outsz) {
		if ((v = sample(path, &klen)) == NULL) {
			out[n++] = *path++;
			continue;
		}
		w = snprintf(out + n, outsz - n, "%s", v);
		n = w < 0 || (size_t)w >= outsz - n ? outsz - 1 : n + (size_t)w;
		path += klen;
	}
	out[n] = '\0';
}

/* True if the route names one of A's objects (not another user). */
static int
names_object(const struct rte *rt)
{

	return strstr(rt->path, "{x}") != NULL ||
	    strstr(rt->path, "{y}") != NULL ||
	    strstr(rt->path, "{rpt}") != NULL;
}

/* Sends rt's sample request with bearer (API) or web session w. */
static void
send_route(struct tres *r, const struct rte *rt, const char *bearer,
    const struct tweb *w)
{
	char		 path[256];
	const char	*body = rt->body;

	expand(path, sizeof(path), rt->path);
	if (rt->flags & F_WEB) {
		t_web_req(r, rt->method, path, w, body);
		return;
	}
	if ((rt->flags & F_JSON) && body == NULL)
		body = "{}";
	t_req_raw(r, rt->method, path, bearer, NULL,
	    body != NULL ? "application/json" : NULL, body,
	    body != NULL ? strlen(body) : 0);
}

/*
 * A's view of its objects, in one string: as A reads them through the
 * API (status, progress and updatedAt in the list, the answers of x) and
 * from the database (notes, email, deletion, how many reports and mails
 * each has, A's live sessions, A's and the other user's rows).
 */
static void
state_of_a(char *out, size_t outsz)
{
	struct tres	 r = {0};
	char		 path[96], sql[2048];
	const char	*ids[] = { V.x.id, V.y.id };
	long		 i, k;
	int		 n = 0, w;

	out[0] = '\0';
	t_req(&r, "GET", "/v1/assessments?limit=100", V.a.access, NULL);
	w = snprintf(out, outsz, "list %ld, %ld items; ", r.status,
	    t_array_len(&r, "assessments"));
	n = w > 0 ? w : 0;
	for (i = 0; i < 2 && (size_t)n < outsz; i++) {
		k = t_array_find(&r, "assessments", "id", ids[i]);
		snprintf(path, sizeof(path), "assessments.%ld", k);
		w = snprintf(out + n, outsz - (size_t)n, "%s %s; ", ids[i],
		    json_object_to_json_string_ext(t_get(&r, path),
		    JSON_C_TO_STRING_PLAIN));
		n += w > 0 ? w : 0;
	}
	snprintf(path, sizeof(path), "/v1/assessments/%s/responses", V.x.id);
	t_req(&r, "GET", path, V.a.access, NULL);
	if ((size_t)n < outsz) {
		w = snprintf(out + n, outsz - (size_t)n, "answers %ld %s; ",
		    r.status, json_object_to_json_string_ext(t_get(&r,
		    "responses"), JSON_C_TO_STRING_PLAIN));
		n += w > 0 ? w : 0;
	}
	t_free(&r);
	if ((size_t)n >= outsz || SQL(sql, sizeof(sql), "SELECT (SELECT "
	    "string_agg(concat_ws(' ', id, status, updated_at, notes, "
	    "client_email, client_name, deleted_at), ', ' ORDER BY id) FROM "
	    "assessments WHERE id IN ('%s', '%s')) || '; ' || (SELECT count(*) "
	    "FROM reports WHERE assessment_id IN ('%s', '%s')) || ' reports, ' "
	    "|| (SELECT count(*) FROM mail_outbox WHERE assessment_id IN ('%s', "
	    "'%s')) || ' mails, ' || (SELECT count(*) FROM assessments WHERE "
	    "user_id = '%s') || ' assessments, ' || (SELECT count(*) FROM "
	    "sessions WHERE user_id = '%s' AND revoked_at IS NULL) || "
	    "' sessions; A ' || (SELECT concat_ws(' ', status, role, "
	    "first_name, updated_at, password_hash) FROM users WHERE id = '%s') "
	    "|| '; other ' || (SELECT concat_ws(' ', status, role, updated_at) "
	    "FROM users WHERE id = '%s')", V.x.id, V.y.id, V.x.id, V.y.id,
	    V.x.id, V.y.id, V.a.id, V.a.id, V.a.id, V.other.id) == -1)
		return;
	snprintf(out + n, outsz - (size_t)n, "%s", sql);
}

/* A's objects are as they were (before). */
static void
unchanged_at(const char *before, const char *file, int line)
{
	char	 now[4096];

	state_of_a(now, sizeof(now));
	t_check(strcmp(before, now) == 0, NULL, file, line,
	    "A's objects unchanged:\n      before %s\n      after  %s",
	    before, now);
}
#define UNCHANGED(before)	unchanged_at((before), __FILE__, __LINE__)

/* --- bearer tokens --------------------------------------------------- */

#define DEL	"(delete)"	/* forge(): remove the claim */

/*
 * A token with A's claims, changed by the NULL-terminated pairs of claim
 * name and JSON value (DEL removes it), header {"alg":halg}, signed with
 * HMAC alg and key k (alg NULL: no signature).  Caller frees.
 */
static char *
forge(const char *halg, const char *alg, const void *k, size_t klen, ...)
{
	json_object	*o = t_jwt_part(V.a.access, 1);
	const char	*key, *val;
	char		 hdr[64], *tok;
	va_list		 ap;

	if (o == NULL)
		return NULL;
	va_start(ap, klen);
	while ((key = va_arg(ap, const char *)) != NULL) {
		val = va_arg(ap, const char *);
		if (strcmp(val, DEL) == 0)
			json_object_object_del(o, key);
		else
			json_object_object_add(o, key, json_tokener_parse(val));
	}
	va_end(ap);
	snprintf(hdr, sizeof(hdr), "{\"alg\":\"%s\",\"typ\":\"JWT\"}", halg);
	tok = t_jwt_sign(hdr, json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN), alg, k, klen);
	json_object_put(o);
	return tok;
}

struct forged {
	const char	*what;
	int		 none;		/* no Authorization header at all */
	char		*token;
	const char	*code;		/* the error code expected */
};

/*
 * The credentials that must not work, made from A's token: see the top
 * of the file.  Fills f (FORGED_MAX slots), returns how many; the caller
 * frees each token.  *ok gets A's own claims re-signed as the server
 * would, which must work: the forgeries differ from a good token only in
 * what they say.
 */
#define FORGED_MAX	32
static size_t
forgeries(struct forged *f, char **ok)
{
	unsigned char	 sec[512], wrong[64];
	char		 past[32], past2[32], soon[32], sub[96];
	long		 slen;
	size_t		 n = 0, i, kl;
	time_t		 now = time(NULL);
	const void	*k = sec;

	*ok = NULL;
	if (!T_CHECKF(NULL, (slen = t_jwt_secret(sec, sizeof(sec))) >= 32,
	    "the stack's JWT secret is readable ($RISE_JWT_SECRET_FILE)"))
		return 0;
	kl = (size_t)slen;
	for (i = 0; i < sizeof(wrong); i++)
		wrong[i] = (unsigned char)(i * 37 + 11);
	snprintf(past, sizeof(past), "%lld", (long long)now - 120);
	snprintf(past2, sizeof(past2), "%lld", (long long)now - 1020);
	snprintf(soon, sizeof(soon), "%lld", (long long)now + 3600);
	snprintf(sub, sizeof(sub), "\"%s\"", V.other.id);
	*ok = forge("HS256", "HS256", k, kl, NULL);
#define ADD(w, t, c) do { \
	f[n].what = (w); f[n].none = 0; f[n].token = (t); f[n++].code = (c); \
} while (0)
#define BAD(w, t)	ADD((w), (t), "UNAUTHORIZED")
	f[n].what = "no token";
	f[n].none = 1;
	f[n].token = NULL;
	f[n++].code = "UNAUTHORIZED";
	BAD("garbage", strdup("garbage"));
	BAD("a.b.c", strdup("a.b.c"));
	BAD("the refresh token", strdup(V.a.refresh));
	BAD("alg none", forge("none", NULL, NULL, 0, NULL));
	BAD("alg none, role admin", forge("none", NULL, NULL, 0, "role",
	    "\"admin\"", NULL));
	BAD("HS384 with the real secret", forge("HS384", "HS384", k, kl, NULL));
	BAD("HS512 with the real secret", forge("HS512", "HS512", k, kl, NULL));
	BAD("header HS256, signed HS512", forge("HS256", "HS512", k, kl, NULL));
	ADD("expired", forge("HS256", "HS256", k, kl, "exp", past, "iat", past2,
	    NULL), "TOKEN_EXPIRED");
	BAD("nbf in an hour", forge("HS256", "HS256", k, kl, "nbf", soon, NULL));
	BAD("iat in an hour", forge("HS256", "HS256", k, kl, "iat", soon, NULL));
	BAD("exp a string", forge("HS256", "HS256", k, kl, "exp",
	    "\"4102444800\"", NULL));
	BAD("no exp", forge("HS256", "HS256", k, kl, "exp", DEL, NULL));
	BAD("wrong iss", forge("HS256", "HS256", k, kl, "iss", "\"evil\"", NULL));
	BAD("no iss", forge("HS256", "HS256", k, kl, "iss", DEL, NULL));
	BAD("wrong aud", forge("HS256", "HS256", k, kl, "aud", "\"evil-api\"",
	    NULL));
	BAD("aud a list", forge("HS256", "HS256", k, kl, "aud",
	    "[\"evil-api\"]", NULL));
	BAD("typ refresh", forge("HS256", "HS256", k, kl, "typ", "\"refresh\"",
	    NULL));
	BAD("no typ", forge("HS256", "HS256", k, kl, "typ", DEL, NULL));
	BAD("role admin, another key", forge("HS256", "HS256", wrong,
	    sizeof(wrong), "role", "\"admin\"", NULL));
	BAD("role admin, unsigned", forge("HS256", NULL, NULL, 0, "role",
	    "\"admin\"", NULL));
	BAD("sub of another user", forge("HS256", "HS256", k, kl, "sub", sub,
	    NULL));
	BAD("unknown sid", forge("HS256", "HS256", k, kl, "sid",
	    "\"ses_00000000000000000000\"", NULL));
#undef BAD
#undef ADD
	explicit_bzero(sec, sizeof(sec));
	return n;
}

/*
 * Every route that takes a bearer token refuses every forged one with
 * 401 and the envelope, and nothing of A's changes (DELETE, PATCH and
 * the password change are among the routes).
 */
static void
test_bearer_forged(void)
{
	struct tres	 r = {0};
	struct forged	 f[FORGED_MAX];
	char		*ok, before[4096];
	size_t		 nf, i, k, sent = 0;

	if (victim() == NULL)
		return;
	nf = forgeries(f, &ok);
	if (!T_CHECKF(NULL, nf > 20 && ok != NULL, "forged %zu tokens", nf))
		goto out;
	for (i = 0; i < nf; i++)
		T_CHECKF(NULL, f[i].none || f[i].token != NULL, "forged: %s",
		    f[i].what);
	/* The control: A's claims re-signed as the server would. */
	t_req(&r, "GET", "/v1/users/me", ok, NULL);
	if (!T_CHECKF(&r, r.status == 200 && t_str(&r, "id") != NULL &&
	    strcmp(t_str(&r, "id"), V.a.id) == 0, "A's own claims, re-signed "
	    "with the stack's secret, work (the forgeries are meaningful)"))
		goto out;
	state_of_a(before, sizeof(before));
	for (k = 0; k < NELEM(routes); k++) {
		if ((routes[k].flags & F_WEB) ||
		    !(routes[k].flags & (F_AUTH | F_OPT)))
			continue;
		for (i = 0; i < nf; i++) {
			if ((f[i].token == NULL && !f[i].none) || !CELL(i, k))
				continue;
			if (sent++ % IP_EVERY == 0)
				t_set_ip(t_new_ip());
			send_route(&r, &routes[k], f[i].token, NULL);
			T_CHECKF(&r, r.status == 401 && t_code(&r) != NULL &&
			    strcmp(t_code(&r), f[i].code) == 0 &&
			    t_str(&r, "error.message") != NULL,
			    "%s %s with %s: 401 {\"error\":{\"code\":\"%s\","
			    "\"message\":...}}", routes[k].method,
			    routes[k].path, f[i].what, f[i].code);
			T_COMMON(&r);
		}
	}
	UNCHANGED(before);
	T_TOKEN_OK(V.a.access);
out:
	for (i = 0; i < nf; i++)
		free(f[i].token);
	free(ok);
	t_free(&r);
}

/*
 * The role comes from the database, not the token: A's claims with role
 * "admin", signed with the stack's own secret, still get 403 on every
 * admin route and a consultant's view elsewhere.
 */
static void
test_role_claim_ignored(void)
{
	struct tres	 r = {0};
	unsigned char	 sec[512];
	char		*tok = NULL, before[4096];
	long		 slen;
	size_t		 k;

	if (victim() == NULL)
		return;
	if (!T_CHECK(NULL, (slen = t_jwt_secret(sec, sizeof(sec))) >= 32))
		return;
	tok = forge("HS256", "HS256", sec, (size_t)slen, "role", "\"admin\"",
	    NULL);
	explicit_bzero(sec, sizeof(sec));
	if (!T_CHECK(NULL, tok != NULL))
		return;
	state_of_a(before, sizeof(before));
	for (k = 0; k < NELEM(routes); k++) {
		if ((routes[k].flags & (F_WEB | F_ADMIN)) != F_ADMIN)
			continue;
		send_route(&r, &routes[k], tok, NULL);
		T_ERROR(&r, 403, "FORBIDDEN");
	}
	t_req(&r, "GET", "/v1/users/me", tok, NULL);
	if (T_STATUS(&r, 200))
		T_STR(&r, "role", "consultant");
	t_req(&r, "GET", "/v1/assessments?limit=100", tok, NULL);
	if (T_STATUS(&r, 200))
		T_INT(&r, "pagination.total", 2);	/* A's own two */
	UNCHANGED(before);
	free(tok);
	t_free(&r);
}

/* --- web sessions ---------------------------------------------------- */

/*
 * Every route that needs a web session sends anyone without a valid
 * cookie to the sign-in page (303 to /login), whatever the method, and
 * does nothing.  Bearer tokens, refresh tokens, made-up session tokens
 * and a valid cookie under another name are not sessions.
 */
static void
test_cookie_forged(void)
{
	struct tres	 r = {0};
	struct tweb	 w;
	char		 c[6][160], before[4096], hdr[T_TOKSZ + 64], path[256];
	const char	*hdrs[] = { hdr, NULL }, *loc, *post;
	size_t		 k, i, sent = 0;

	if (victim() == NULL)
		return;
	snprintf(c[0], sizeof(c[0]), "%s", "");
	snprintf(c[1], sizeof(c[1]), "rise=garbage");
	snprintf(c[2], sizeof(c[2]), "rise=%s",
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");	/* 43 */
	snprintf(c[3], sizeof(c[3]), "rise=%.150s", V.a.refresh);
	/* A's session token under the names it does not have over http. */
	snprintf(c[4], sizeof(c[4]), "__Host-rise=%.140s", V.aw.cookie + 5);
	snprintf(c[5], sizeof(c[5]), "rise_csrf=%.140s", V.aw.cookie + 5);
	snprintf(hdr, sizeof(hdr), "Authorization: Bearer %s", V.a.access);
	state_of_a(before, sizeof(before));
	for (k = 0; k < NELEM(routes); k++) {
		if (!(routes[k].flags & F_COOKIE))
			continue;
		for (i = 0; i <= NELEM(c); i++) {
			if (!CELL(i, k))
				continue;
			if (sent++ % IP_EVERY == 0)
				t_set_ip(t_new_ip());
			if (i < NELEM(c)) {
				w = V.aw;
				snprintf(w.cookie, sizeof(w.cookie), "%.150s", c[i]);
				send_route(&r, &routes[k], NULL, &w);
			} else {
				/* A's bearer token instead of a cookie. */
				expand(path, sizeof(path), routes[k].path);
				post = strcmp(routes[k].method, "POST") == 0 ?
				    "" : NULL;
				t_req_raw(&r, routes[k].method, path, NULL, hdrs,
				    post != NULL ?
				    "application/x-www-form-urlencoded" : NULL,
				    post, 0);
			}
			loc = t_header(&r, "Location");
			T_CHECKF(&r, r.status == 303 && loc != NULL &&
			    strcmp(loc, "/login") == 0, "%s %s with %s: 303 to "
			    "/login", routes[k].method, routes[k].path,
			    i < NELEM(c) ? c[i] : "a bearer token");
		}
	}
	UNCHANGED(before);
	t_free(&r);
}

/*
 * Every form that changes something refuses a missing, wrong, or other
 * session's CSRF token with 403, even with a valid cookie, and changes
 * nothing (not even a sign-out).
 */
static void
test_csrf_forged(void)
{
	struct tres	 r = {0};
	struct tuser	 b;
	struct tweb	 bw;
	char		 before[4096];
	const char	*bad[3];
	size_t		 k, i;

	if (victim() == NULL || t_register(&b) == -1 ||
	    WEB_LOGIN(&b, &bw) == -1)
		return;
	bad[0] = "";
	bad[1] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
	bad[2] = bw.csrf;		/* valid, but B's session's */
	state_of_a(before, sizeof(before));
	for (k = 0; k < NELEM(routes); k++) {
		if (!(routes[k].flags & F_CSRF) || !(routes[k].flags & F_COOKIE))
			continue;
		for (i = 0; i < NELEM(bad); i++) {
			struct tweb	 w = V.aw;

			snprintf(w.csrf, sizeof(w.csrf), "%s", bad[i]);
			send_route(&r, &routes[k], NULL, &w);
			T_CHECKF(&r, r.status == 403 && t_header(&r,
			    "Location") == NULL, "%s %s with csrf \"%.12s\": 403",
			    routes[k].method, routes[k].path, bad[i]);
		}
	}
	UNCHANGED(before);
	/* A's web session survived the forged sign-outs. */
	t_web_req(&r, "GET", "/profile", &V.aw, NULL);
	T_STATUS(&r, 200);
	t_free(&r);
}

/* --- roles ----------------------------------------------------------- */

/*
 * A consultant gets 403 on every admin route, API and web, and nothing
 * changes: no user suspended, none created.  An admin gets the GETs.
 */
static void
test_admin_routes_consultant(void)
{
	struct tres	 r = {0};
	struct tuser	 adm;
	struct tweb	 admw;
	char		 before[4096], n[32];
	size_t		 k;

	if (victim() == NULL)
		return;
	state_of_a(before, sizeof(before));
	for (k = 0; k < NELEM(routes); k++) {
		if (!(routes[k].flags & F_ADMIN))
			continue;
		send_route(&r, &routes[k], V.a.access, &V.aw);
		if (routes[k].flags & F_WEB)
			T_CHECKF(&r, r.status == 403 && strstr(r.body,
			    "<html") != NULL, "%s %s as a consultant: a 403 page",
			    routes[k].method, routes[k].path);
		else
			T_ERROR(&r, 403, "FORBIDDEN");
	}
	UNCHANGED(before);
	if (SQL(n, sizeof(n), "SELECT count(*) FROM users WHERE email = "
	    "'mallory@example.com'") == 0)
		T_CHECKF(NULL, strcmp(n, "0") == 0, "no user created (%s)", n);

	/* The same GETs work for an admin: the 403s were about the role. */
	if (ADMIN_NEW(&adm) == -1 || WEB_LOGIN(&adm, &admw) == -1)
		goto out;
	for (k = 0; k < NELEM(routes); k++) {
		if (!(routes[k].flags & F_ADMIN) ||
		    strcmp(routes[k].method, "GET") != 0)
			continue;
		send_route(&r, &routes[k], adm.access, &admw);
		T_CHECKF(&r, r.status == 200, "%s %s as an admin: 200",
		    routes[k].method, routes[k].path);
	}
out:
	t_free(&r);
}

/* --- other consultants ----------------------------------------------- */

/*
 * attacker (bearer and web session) on every route naming one of A's
 * objects: 404, as for an object that does not exist, and A's objects
 * unchanged.  The same GETs work for A.  "lnk" is a link token of the
 * attacker's own assessment.
 */
static void
bola(const struct tuser *m, const struct tweb *mw, const struct tasm *mine)
{
	struct tres	 r = {0};
	char		 before[4096], path[256];
	size_t		 k;

	state_of_a(before, sizeof(before));
	for (k = 0; k < NELEM(routes); k++) {
		if (!names_object(&routes[k]) || (routes[k].flags & F_ADMIN) ||
		    !(routes[k].flags & (F_AUTH | F_OPT | F_COOKIE)))
			continue;
		send_route(&r, &routes[k], m->access, mw);
		if (routes[k].flags & F_WEB)
			T_CHECKF(&r, r.status == 404 && strstr(r.body,
			    "<html") != NULL, "%s %s as another consultant: a "
			    "404 page", routes[k].method, routes[k].path);
		else
			T_ERROR(&r, 404, "NOT_FOUND");
		T_CHECKF(&r, strstr(r.body, "Xavier") == NULL &&
		    strstr(r.body, "Yolanda") == NULL && strstr(r.body,
		    "Victim") == NULL, "%s %s shows nothing of A's",
		    routes[k].method, routes[k].path);
	}
	/* A's objects are in none of the attacker's lists. */
	t_req(&r, "GET", "/v1/assessments?limit=100", m->access, NULL);
	if (T_STATUS(&r, 200))
		T_CHECK(&r, t_array_find(&r, "assessments", "id", V.x.id) < 0 &&
		    t_array_find(&r, "assessments", "id", V.y.id) < 0);
	t_web_req(&r, "GET", "/assessments", mw, NULL);
	if (T_STATUS(&r, 200))
		T_CHECK(&r, strstr(r.body, V.x.id) == NULL &&
		    strstr(r.body, "Xavier") == NULL);
	/* The attacker's own link's secret does not open A's assessment. */
	snprintf(path, sizeof(path), "/assess/%s%s", V.x.id,
	    mine->token + strlen(mine->id));
	t_web_req(&r, "GET", path, NULL, NULL);
	T_STATUS(&r, 404);
	t_web_req(&r, "POST", path, NULL, "q_001=opt_001_a");
	T_STATUS(&r, 404);
	UNCHANGED(before);

	/* The same reads work for A. */
	for (k = 0; k < NELEM(routes); k++) {
		if (!names_object(&routes[k]) ||
		    strcmp(routes[k].method, "GET") != 0 ||
		    !(routes[k].flags & (F_AUTH | F_OPT | F_COOKIE)))
			continue;
		send_route(&r, &routes[k], V.a.access, &V.aw);
		T_CHECKF(&r, r.status == 200, "%s %s as A: 200",
		    routes[k].method, routes[k].path);
	}
	t_free(&r);
}

/* B is in A's organization: the same tenant, not the same owner. */
static void
test_bola_same_org(void)
{
	struct tuser	 b;
	struct tweb	 bw;
	struct tasm	 z;
	char		 org[64];

	if (victim() == NULL || t_register(&b) == -1 ||
	    !T_CHECK(NULL, t_is_id(b.id, "usr_")) ||
	    SQL(NULL, 0, "UPDATE users SET org_id = (SELECT org_id FROM users "
	    "WHERE id = '%s') WHERE id = '%s'", V.a.id, b.id) == -1 ||
	    t_login(&b, &b) == -1)
		return;
	if (SQL(org, sizeof(org), "SELECT count(DISTINCT org_id) FROM users "
	    "WHERE id IN ('%s', '%s')", V.a.id, b.id) == -1 ||
	    !T_CHECKF(NULL, strcmp(org, "1") == 0, "B is in A's organization"))
		return;
	if (t_asm_new_at(&b, &z, __FILE__, __LINE__, ASM_BODY("Zed")) == -1 ||
	    WEB_LOGIN(&b, &bw) == -1)
		return;
	bola(&b, &bw, &z);
}

/* C has an organization of its own (a second tenant). */
static void
test_bola_other_org(void)
{
	struct tuser	 c;
	struct tweb	 cw;
	struct tasm	 z;
	char		 org[64];

	if (victim() == NULL || t_register(&c) == -1)
		return;
	if (SQL(org, sizeof(org), "SELECT count(DISTINCT org_id) FROM users "
	    "WHERE id IN ('%s', '%s')", V.a.id, c.id) == -1 ||
	    !T_CHECKF(NULL, strcmp(org, "2") == 0, "C has an organization "
	    "of its own"))
		return;
	if (t_asm_new_at(&c, &z, __FILE__, __LINE__, ASM_BODY("Zed")) == -1 ||
	    WEB_LOGIN(&c, &cw) == -1)
		return;
	bola(&c, &cw, &z);
}

void
suite_access(void)
{
	CU_pSuite	 s = t_suite("access");

	T_ADD(s, test_route_table);
	T_ADD(s, test_bearer_forged);
	T_ADD(s, test_role_claim_ignored);
	T_ADD(s, test_cookie_forged);
	T_ADD(s, test_csrf_forged);
	T_ADD(s, test_admin_routes_consultant);
	T_ADD(s, test_bola_same_org);
	T_ADD(s, test_bola_other_org);
}
