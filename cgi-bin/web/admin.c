/*
 * admin.c: the admins' pages: users (list, filters, new account, role and
 * status changes) and analytics (figures of a period and their charts).
 * The rules are the admin API's, from lib/admin.c; only admins reach these
 * handlers (ROUTE_ADMIN).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin.h"
#include "audit.h"
#include "chart.h"
#include "log.h"
#include "page.h"
#include "resp.h"
#include "score.h"
#include "serve.h"
#include "user.h"
#include "valid.h"
#include "web.h"
#include "webui.h"

#include "extern.h"

#define PAGE_NUM_MAX		1000000L

static const char *const roles[] = { "", "admin", "consultant", NULL };
static const char *const statuses[] = { "", "active", "suspended", "deleted", NULL };
static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May",
    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

/* Index of s in a NULL-terminated list, or 0 (the list's "all") if absent. */
static int
choice(const char *s, const char *const *list)
{
	if (s == NULL)
		return 0;
	for (int i = 0; list[i] != NULL; i++)
		if (strcmp(s, list[i]) == 0)
			return i;
	return 0;
}

/* A page number from the query: 1 unless a positive integer. */
static long
page_number(const char *s)
{
	char	*end;
	long	 n;

	if (s == NULL || *s < '1' || *s > '9')
		return 1;
	n = strtol(s, &end, 10);
	return *end != '\0' || n < 1 || n > PAGE_NUM_MAX ? 1 : n;
}

/* "2025-03-03", the value of an <input type="date">. */
static void
fmt_ymd(char *out, size_t sz, time_t t)
{
	struct tm	tm;

	gmtime_r(&t, &tm);
	snprintf(out, sz, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* A count (never negative) as "12,345". */
static void
fmt_count(char *out, size_t sz, long long v)
{
	char	 digits[32];
	size_t	 n, o = 0;

	snprintf(digits, sizeof(digits), "%lld", v < 0 ? 0 : v);
	n = strlen(digits);
	for (size_t i = 0; i < n && o + 2 < sz; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
}

static void
add_str(json_object *o, const char *key, const char *v)
{
	json_object_object_add(o, key, v ? json_object_new_string(v) : NULL);
}

static void
add_bool(json_object *o, const char *key, bool v)
{
	json_object_object_add(o, key, json_object_new_boolean(v));
}

/* --- users ------------------------------------------------------------ */

/*
 * The list's query string for role index, status index and page, from
 * whitelisted values only (nothing the client sent is echoed).
 */
static void
list_query(char *out, size_t sz, int role, int status, long page)
{
	const char	*sep = "?";
	size_t		 n;

	n = (size_t)snprintf(out, sz, "/admin/users");
	if (role != 0 && n < sz) {
		n += (size_t)snprintf(out + n, sz - n, "%srole=%s", sep, roles[role]);
		sep = "&";
	}
	if (status != 0 && n < sz) {
		n += (size_t)snprintf(out + n, sz - n, "%sstatus=%s", sep, statuses[status]);
		sep = "&";
	}
	if (page > 1 && n < sz)
		snprintf(out + n, sz - n, "%spage=%ld", sep, page);
}

/* The fixed messages of ?ok= and ?error= (never text from the query). */
static const char *
done_message(const char *ok)
{
	static const struct { const char *key, *msg; } m[] = {
		{ "created", "Account created. Share the temporary password with "
		    "them by a secure channel; they can change it under Profile." },
		{ "suspended", "Account suspended. They were signed out everywhere "
		    "and cannot sign in until reactivated." },
		{ "deleted", "Account deleted. They were signed out everywhere." },
		{ "reactivated", "Account reactivated. They can sign in again." },
		{ "admin", "Role changed to admin: they can now manage users and "
		    "see analytics." },
		{ "consultant", "Role changed to consultant." },
	};

	for (size_t i = 0; ok != NULL && i < NELEM(m); i++)
		if (strcmp(ok, m[i].key) == 0)
			return m[i].msg;
	return NULL;
}

static const char *
error_message(const char *err)
{
	static const struct { const char *key, *msg; } m[] = {
		{ "self", "You cannot suspend, delete or demote your own account. "
		    "Ask another admin to do it." },
		{ "last-admin", "That change would leave RISE Suite without an active "
		    "admin, so it was not made." },
		{ "not-found", "That user no longer exists." },
		{ "invalid", "That change is not possible." },
	};

	for (size_t i = 0; err != NULL && i < NELEM(m); i++)
		if (strcmp(err, m[i].key) == 0)
			return m[i].msg;
	return NULL;
}

/* One row of STMT_ADMIN_USERS (USER_COLS from column off) for the table. */
static json_object *
user_row(const struct req *r, const PGresult *res, int i, int off)
{
	const char	*id = db_get(res, i, off + UC_ID);
	const char	*first = db_get(res, i, off + UC_FIRST);
	const char	*last = db_get(res, i, off + UC_LAST);
	const char	*role = db_get(res, i, off + UC_ROLE);
	const char	*status = db_get(res, i, off + UC_STATUS);
	const char	*email = db_get(res, i, off + UC_EMAIL), *at = strrchr(email, '@');
	bool		 self = strcmp(id, r->who.user_id) == 0;
	bool		 admin = strcmp(role, "admin") == 0;
	char		 name[256], buf[WEBUI_DATE_MAX];
	json_object	*o = json_object_new_object();

	snprintf(name, sizeof(name), "%s%s%s", first, *first && *last ? " " : "", last);
	add_str(o, "id", id);
	add_str(o, "name", *name ? name : db_get(res, i, off + UC_EMAIL));
	add_str(o, "email", email);
	/* Split at the @, where a narrow column may break the line (<wbr>). */
	json_object_object_add(o, "emailLocal", json_object_new_string_len(email,
	    at ? (int)(at - email) : (int)strlen(email)));
	add_str(o, "emailDomain", at ? at : "");
	add_str(o, "company", db_null(res, i, off + UC_COMPANY) ? NULL :
	    db_get(res, i, off + UC_COMPANY));
	add_str(o, "role", role);
	add_str(o, "roleLabel", admin ? "Admin" : "Consultant");
	add_str(o, "status", status);
	add_str(o, "statusLabel", strcmp(status, "active") == 0 ? "Active" :
	    strcmp(status, "suspended") == 0 ? "Suspended" : "Deleted");
	if (!db_null(res, i, off + UC_LASTLOGIN)) {
		time_t	 t = (time_t)db_getll(res, i, off + UC_LASTLOGIN);
		struct tm tm;

		webui_date(buf, t);
		add_str(o, "lastLogin", buf);
		gmtime_r(&t, &tm);
		snprintf(buf, sizeof(buf), "%02d:%02d UTC", tm.tm_hour, tm.tm_min);
		add_str(o, "lastLoginTime", buf);
		json_object_object_add(o, "lastLoginIso", db_json_time(res, i, off + UC_LASTLOGIN));
	}
	webui_date(buf, (time_t)db_getll(res, i, off + UC_CREATED));
	add_str(o, "created", buf);
	json_object_object_add(o, "createdIso", db_json_time(res, i, off + UC_CREATED));
	add_bool(o, "self", self);
	/* Only what the rules allow: nothing on yourself, no role change on the deleted. */
	if (!self) {
		add_bool(o, "canSuspend", strcmp(status, "active") == 0);
		add_bool(o, "canReactivate", strcmp(status, "active") != 0);
		add_str(o, "reactivateLabel", strcmp(status, "deleted") == 0 ?
		    "Restore" : "Reactivate");
		add_bool(o, "canMakeAdmin", !admin && strcmp(status, "deleted") != 0);
		add_bool(o, "canMakeConsultant", admin && strcmp(status, "deleted") != 0);
	}
	return o;
}

/* A <select>'s options: value, label and whether it is the current one. */
static json_object *
options(const char *const *values, const char *const *labels, int current)
{
	json_object	*a = json_object_new_array(), *o;

	for (int i = 0; values[i] != NULL; i++) {
		o = json_object_new_object();
		add_str(o, "value", values[i]);
		add_str(o, "label", labels[i]);
		add_bool(o, "selected", i == current);
		json_object_array_add(a, o);
	}
	return a;
}

/*
 * GET /admin/users: every user of every tenant, newest first, 20 a page,
 * filtered by role and status (an unknown value shows all), with the
 * outcome of the last change from ?ok= or ?error= as a fixed message.
 * 200; 303 to the last page when past it.
 */
int
web_admin_users(struct req *r)
{
	static const char *const role_labels[] = { "All roles", "Admins", "Consultants" };
	static const char *const status_labels[] = { "All statuses", "Active",
	    "Suspended", "Deleted" };
	int		 role = choice(req_query(r, "role"), roles);
	int		 status = choice(req_query(r, "status"), statuses);
	long		 page = page_number(req_query(r, "page")), pages;
	long long	 total;
	char		 lim[16], off[24], q[160], a[32], b[32], c[32];
	PGresult	*res;
	json_object	*ctx, *users, *pg, *back;

	snprintf(lim, sizeof(lim), "%d", PAGE_LIMIT_DEFAULT);
	snprintf(off, sizeof(off), "%ld", (page - 1) * PAGE_LIMIT_DEFAULT);
	res = DB_Q(r->app->db, STMT_ADMIN_USERS, roles[role], statuses[status], lim, off);
	if (res == NULL)
		return resp_db_error(r);
	total = PQntuples(res) > 0 ? db_getll(res, 0, 0) : 0;
	pages = (long)((total + PAGE_LIMIT_DEFAULT - 1) / PAGE_LIMIT_DEFAULT);
	if (page > 1 && page > pages) {
		/* E.g. the last row of the last page was suspended: keep the message. */
		const char	*ok = req_query(r, "ok"), *err = req_query(r, "error");

		PQclear(res);
		list_query(q, sizeof(q), role, status, pages);
		if (done_message(ok) != NULL || error_message(err) != NULL)
			snprintf(q + strlen(q), sizeof(q) - strlen(q), "%s%s=%s",
			    strchr(q, '?') ? "&" : "?", done_message(ok) ? "ok" : "error",
			    done_message(ok) ? ok : err);
		return web_redirect(r, q);
	}
	ctx = json_object_new_object();
	add_str(ctx, "title", "Users");
	add_str(ctx, "section", "users");
	users = json_object_new_array();
	for (int i = 0; i < PQntuples(res); i++)
		if (!db_null(res, i, 1))	/* the empty page's one row */
			json_object_array_add(users, user_row(r, res, i, 1));
	PQclear(res);
	json_object_object_add(ctx, "users", users);
	json_object_object_add(ctx, "roleOptions", options(roles, role_labels, role));
	json_object_object_add(ctx, "statusOptions", options(statuses, status_labels, status));
	add_bool(ctx, "filtered", role != 0 || status != 0);
	fmt_count(a, sizeof(a), total);
	add_str(ctx, "total", a);
	add_bool(ctx, "one", total == 1);

	pg = json_object_new_object();
	json_object_object_add(pg, "page", json_object_new_int64(page));
	json_object_object_add(pg, "pages", json_object_new_int64(pages));
	fmt_count(a, sizeof(a), (page - 1) * PAGE_LIMIT_DEFAULT + 1);
	fmt_count(b, sizeof(b), (long long)page * PAGE_LIMIT_DEFAULT < total ?
	    (long long)page * PAGE_LIMIT_DEFAULT : total);
	fmt_count(c, sizeof(c), total);
	add_str(pg, "from", a);
	add_str(pg, "to", b);
	add_str(pg, "total", c);
	if (page > 1) {
		list_query(q, sizeof(q), role, status, page - 1);
		add_str(pg, "prev", q);
	}
	if (page < pages) {
		list_query(q, sizeof(q), role, status, page + 1);
		add_str(pg, "next", q);
	}
	add_bool(pg, "several", pages > 1);
	json_object_object_add(ctx, "pagination", pg);

	/* Where a row's action returns: this list as it is now. */
	back = json_object_new_object();
	add_str(back, "role", roles[role]);
	add_str(back, "status", statuses[status]);
	json_object_object_add(back, "page", json_object_new_int64(page));
	json_object_object_add(ctx, "back", back);

	add_str(ctx, "flash", done_message(req_query(r, "ok")));
	add_str(ctx, "error", error_message(req_query(r, "error")));
	return web_render(r, 200, "admin_users", ctx);
}

/*
 * The new-user form's page: form is the fields as typed (taken; the
 * password is dropped, never sent back), errs the messages by field
 * (taken, may be NULL).
 */
static int
new_form(struct req *r, int status, json_object *form, json_object *errs)
{
	json_object	*ctx = json_object_new_object(), *v;

	add_str(ctx, "title", "New user");
	add_str(ctx, "section", "users");
	if (form == NULL)
		form = json_object_new_object();
	json_object_object_del(form, "password");
	/* Consultant unless admin was chosen. */
	if (!json_object_object_get_ex(form, "role", &v) ||
	    strcmp(json_object_get_string(v), "admin") != 0)
		add_str(form, "role", "consultant");
	json_object_object_add(ctx, "values", form);
	if (errs != NULL)
		json_object_object_add(ctx, "errors", errs);
	return web_render(r, status, "admin_user_new", ctx);
}

/* GET /admin/users/new: the form for a new account.  200. */
int
web_admin_user_new_form(struct req *r)
{
	return new_form(r, 200, NULL, NULL);
}

/*
 * POST /admin/users/new: creates an account as `risectl user add` does
 * (user_create: its own organization, named after the company), with the
 * rules and messages of the API's registration for the fields (valid_email,
 * valid_password, names of 1 to 100 characters, a company of at most 200),
 * and audits it ("user.create").  303 to the list; 400 with the form and a
 * message per field; 409 with the form if the email is taken.
 */
int
web_admin_user_create(struct req *r)
{
	static const struct webui_field fields[] = {
		{ "email", WEBUI_TEXT }, { "firstName", WEBUI_TEXT },
		{ "lastName", WEBUI_TEXT }, { "company", WEBUI_OPTIONAL },
		{ "password", WEBUI_SECRET }, { "role", WEBUI_TEXT },
	};
	static const char *const new_roles[] = { "consultant", "admin", NULL };
	struct in	 in;
	struct user_new	 u;
	const char	*why;
	PGresult	*row = NULL;
	json_object	*form, *after, *errs;
	int		 st;

	if ((form = webui_form(r, fields, NELEM(fields))) == NULL)
		return resp_error(r, RESP_INTERNAL_ERROR, NULL, NULL);
	memset(&u, 0, sizeof(u));
	in_init(&in, form);
	if ((u.email = in_str(&in, "email", IN_REQUIRED, 254)) != NULL &&
	    !valid_email(u.email))
		in_error(&in, "email", "Invalid email format");
	if ((u.password = in_str(&in, "password", IN_REQUIRED, 128)) != NULL &&
	    (why = valid_password(u.password)) != NULL)
		in_error(&in, "password", why);
	u.first = in_str(&in, "firstName", IN_REQUIRED, 100);
	u.last = in_str(&in, "lastName", IN_REQUIRED, 100);
	u.company = in_str(&in, "company", IN_NULLABLE, 200);
	u.role = in_enum(&in, "role", IN_REQUIRED, new_roles);
	if (!in_ok(&in))
		return new_form(r, 400, form, webui_errors(&in));
	if (user_create(r->app->db, &u, &row) != APP_OK) {
		if (db_http_status(r->app->db) != 409) {
			json_object_put(form);
			return resp_db_error(r);
		}
		errs = json_object_new_object();
		add_str(errs, "email", "Email already registered");
		return new_form(r, 409, form, errs);
	}
	/* user_create set the new user's tenant; the audit entry is the admin's. */
	after = user_json(row, 0, USER_VIEW_ADMIN);
	if (db_tenant(r->app->db, r->who.org_id, r->who.user_id, r->who.role) != APP_OK ||
	    audit_record(r, db_get(row, 0, UC_ORG), "user.create", "user",
	    db_get(row, 0, UC_ID), NULL, after) != APP_OK)
		st = resp_db_error(r);
	else
		st = web_redirect(r, "/admin/users?ok=created");
	json_object_put(after);
	json_object_put(form);
	PQclear(row);
	return st;
}

/*
 * POST /admin/users/:id: sets the user's status and/or role (form fields
 * status, role) by the admin API's rules (admin_user_change), then returns
 * to the list as it was (fields backRole, backStatus, backPage, all
 * whitelisted) with ?ok= naming what changed, or ?error= self, last-admin,
 * not-found or invalid.  303.
 */
int
web_admin_user_update(struct req *r)
{
	static const char *const set_roles[] = { "", "admin", "consultant", NULL };
	static const char *const set_statuses[] = { "", "active", "suspended", "deleted", NULL };
	const char	*rs = req_form(r, "role"), *ss = req_form(r, "status");
	const char	*role = NULL, *status = NULL, *outcome;
	int		 ri = choice(rs, set_roles), si = choice(ss, set_statuses);
	char		 q[200];
	json_object	*after = NULL;

	list_query(q, sizeof(q), choice(req_form(r, "backRole"), roles),
	    choice(req_form(r, "backStatus"), statuses),
	    page_number(req_form(r, "backPage")));
	if (ri > 0)
		role = set_roles[ri];
	if (si > 0)
		status = set_statuses[si];
	if ((role == NULL && status == NULL) ||
	    (rs != NULL && *rs != '\0' && ri == 0) ||
	    (ss != NULL && *ss != '\0' && si == 0)) {
		outcome = "error=invalid";
		goto out;
	}
	switch (admin_user_change(r, r->params[0], role, status, &after)) {
	case ADMIN_CHANGED:
		if (status != NULL)
			outcome = strcmp(status, "active") == 0 ? "ok=reactivated" :
			    strcmp(status, "suspended") == 0 ? "ok=suspended" : "ok=deleted";
		else
			outcome = strcmp(role, "admin") == 0 ? "ok=admin" : "ok=consultant";
		break;
	case ADMIN_NOT_FOUND:
		outcome = "error=not-found";
		break;
	case ADMIN_SELF:
		outcome = "error=self";
		break;
	case ADMIN_LAST_ADMIN:
		outcome = "error=last-admin";
		break;
	default:
		return resp_db_error(r);
	}
	json_object_put(after);
out:
	strncat(q, strchr(q, '?') ? "&" : "?", sizeof(q) - strlen(q) - 1);
	strncat(q, outcome, sizeof(q) - strlen(q) - 1);
	return web_redirect(r, q);
}

/* --- analytics -------------------------------------------------------- */

/*
 * The period from ?startDate= and ?endDate= as the API reads them, but
 * by default the last 30 days as whole days (today and the 29 before).
 * Returns in_ok(errs).
 */
static bool
period_from_query(const struct req *r, struct in *errs, struct admin_period *p)
{
	const char	*s = req_query(r, "startDate"), *e = req_query(r, "endDate");
	time_t		 now = time(NULL), today = now - now % 86400;

	if (s != NULL && *s == '\0')
		s = NULL;
	if (e != NULL && *e == '\0')
		e = NULL;
	if (s == NULL && e == NULL) {
		p->start = today - 29 * 86400;
		p->end = today + 86399;
		return true;
	}
	return admin_period_parse(s, e, now, errs, p);
}

/* "1 h 25 min", "12 min", or "—" when nothing was completed. */
static void
fmt_minutes(char *out, size_t sz, long long m, bool any)
{
	if (!any)
		snprintf(out, sz, "—");
	else if (m < 60)
		snprintf(out, sz, "%lld min", m);
	else if (m < 48 * 60)
		snprintf(out, sz, "%lld h %lld min", m / 60, m % 60);
	else
		snprintf(out, sz, "%lld days %lld h", m / 1440, m % 1440 / 60);
}

static void
add_stat(json_object *a, const char *label, const char *value, const char *hint)
{
	json_object	*o = json_object_new_object();

	add_str(o, "label", label);
	add_str(o, "value", value);
	add_str(o, "hint", hint);
	json_object_array_add(a, o);
}

/* The DISC style names of the reports (templates/reports/content.json). */
static const char *const disc_labels[SCORE_DISC__MAX] = {
	"Direct", "Influential", "Steady", "Conscientious",
};

/* The label of bucket i: its first day, or its first and last days. */
static void
bucket_label(const struct admin_series *s, int i, bool range, char *out, size_t sz)
{
	struct tm	a, b;
	time_t		t = s->start[i], u = s->end[i];

	gmtime_r(&t, &a);
	gmtime_r(&u, &b);
	if (!range || s->days == 1)
		snprintf(out, sz, "%d %s", a.tm_mday, months[a.tm_mon]);
	else
		snprintf(out, sz, "%d %s – %d %s %d", a.tm_mday, months[a.tm_mon],
		    b.tm_mday, months[b.tm_mon], b.tm_year + 1900);
}

/* A preset period ending today: its label and link. */
static void
add_preset(json_object *a, const char *label, int days, const struct admin_period *cur)
{
	time_t		 now = time(NULL), today = now - now % 86400;
	time_t		 start = today - (time_t)(days - 1) * 86400;
	char		 s[40], e[40], href[128];
	json_object	*o = json_object_new_object();

	fmt_ymd(s, sizeof(s), start);
	fmt_ymd(e, sizeof(e), today);
	snprintf(href, sizeof(href), "/admin/analytics?startDate=%s&endDate=%s", s, e);
	add_str(o, "label", label);
	add_str(o, "href", href);
	add_bool(o, "current", cur != NULL && cur->start == start &&
	    cur->end == today + 86399);
	json_object_array_add(a, o);
}

/*
 * One of the analytics page's share charts (admin_share_chart partial):
 * chart is the PNG's name under /charts/admin/, rows is taken.
 */
static json_object *
share_chart(const char *chart, const char *title, const char *kind,
    const char *sub, const char *alt, json_object *rows)
{
	json_object	*o = json_object_new_object();

	add_str(o, "chart", chart);
	add_str(o, "title", title);
	add_str(o, "kind", kind);
	add_str(o, "sub", sub);
	add_str(o, "alt", alt);
	json_object_object_add(o, "rows", rows);
	return o;
}

/*
 * GET /admin/analytics: the admin API's figures for a period (two dates,
 * by default the last 30 days) as cards, and charts of completions over
 * time and of the DISC and phase distributions, each with its figures in
 * a table.  200; 400 with the form and a message for a bad date.
 */
int
web_admin_analytics(struct req *r)
{
	struct admin_period	 p;
	struct admin_figures	 f;
	struct admin_series	 s;
	struct in		 errs;
	char			 a[64], b[64], ts[UTIL_TIME_MAX];
	json_object		*ctx, *stats, *arr, *o, *period, *err, *charts;
	int			 st;

	ctx = json_object_new_object();
	add_str(ctx, "title", "Analytics");
	add_str(ctx, "section", "analytics");
	arr = json_object_new_array();
	in_init(&errs, NULL);
	if (!period_from_query(r, &errs, &p)) {
		add_preset(arr, "Last 7 days", 7, NULL);
		add_preset(arr, "Last 30 days", 30, NULL);
		add_preset(arr, "Last 90 days", 90, NULL);
		add_preset(arr, "Last 12 months", 365, NULL);
		json_object_object_add(ctx, "presets", arr);
		period = json_object_new_object();
		add_str(period, "startValue", req_query(r, "startDate"));
		add_str(period, "endValue", req_query(r, "endDate"));
		json_object_object_add(ctx, "period", period);
		/* The API's messages, in the words of a date form. */
		err = json_object_new_object();
		json_object_object_foreach(errs.errors, k, v)
			add_str(err, k, strstr(json_object_get_string(v), "before") ?
			    "The end date must not be before the start date." :
			    "Enter a date as YYYY-MM-DD.");
		json_object_object_add(ctx, "errors", err);
		in_free(&errs);
		return web_render(r, 400, "admin_analytics", ctx);
	}
	add_preset(arr, "Last 7 days", 7, &p);
	add_preset(arr, "Last 30 days", 30, &p);
	add_preset(arr, "Last 90 days", 90, &p);
	add_preset(arr, "Last 12 months", 365, &p);
	json_object_object_add(ctx, "presets", arr);
	if (admin_figures_get(r->app->db, &p, &f) != APP_OK ||
	    admin_completions_get(r->app->db, &p, &s) != APP_OK) {
		json_object_put(ctx);
		return resp_db_error(r);
	}

	period = json_object_new_object();
	fmt_ymd(a, sizeof(a), p.start);
	add_str(period, "startValue", a);
	fmt_ymd(a, sizeof(a), p.end);
	add_str(period, "endValue", a);
	webui_date(a, p.start);
	add_str(period, "startLabel", a);
	webui_date(a, p.end);
	add_str(period, "endLabel", a);
	add_bool(period, "oneDay", p.end - p.start < 86400);
	/* The charts get the exact period, so they show what the cards count. */
	util_time_iso(ts, p.start);
	add_str(period, "start", ts);
	util_time_iso(ts, p.end);
	add_str(period, "end", ts);
	json_object_object_add(ctx, "period", period);

	stats = json_object_new_array();
	fmt_count(a, sizeof(a), f.total_users);
	add_stat(stats, "Users", a, "Accounts not deleted at the period's end");
	fmt_count(a, sizeof(a), f.active_users);
	add_stat(stats, "Active users", a, "Signed in during the period");
	fmt_count(a, sizeof(a), f.assessments);
	add_stat(stats, "Assessments created", a, "Sent to clients in the period");
	fmt_count(a, sizeof(a), f.completed);
	add_stat(stats, "Assessments completed", a, "Finished by clients in the period");
	fmt_count(a, sizeof(a), f.reports);
	add_stat(stats, "Reports generated", a, "Ready to download in the period");
	fmt_minutes(a, sizeof(a), f.avg_minutes, f.completed > 0);
	add_stat(stats, "Average completion time", a, "From the first answer to completion");
	json_object_object_add(ctx, "stats", stats);
	add_bool(ctx, "anyCompleted", f.completed > 0);

	/* The charts' figures, also as tables for those who cannot see them. */
	arr = json_object_new_array();
	for (int i = 0; i < s.n; i++) {
		o = json_object_new_object();
		bucket_label(&s, i, true, b, sizeof(b));
		add_str(o, "label", b);
		fmt_count(a, sizeof(a), s.count[i]);
		add_str(o, "value", a);
		json_object_array_add(arr, o);
	}
	json_object_object_add(ctx, "completions", arr);
	add_str(ctx, "bucket", s.days == 1 ? "day" : s.days == 7 ? "week" : NULL);
	json_object_object_add(ctx, "bucketWeeks", json_object_new_int(s.days / 7));
	/* Said plainly, so that a short first bar does not read as a dip. */
	if (s.n > 1 && s.end[0] - s.start[0] + 1 < (time_t)s.days * 86400) {
		long	d = (long)((s.end[0] - s.start[0] + 86400) / 86400);

		snprintf(a, sizeof(a), "%ld %s", d, d == 1 ? "day" : "days");
		add_str(ctx, "firstBucket", a);
	}
	arr = json_object_new_array();
	for (int i = 0; i < SCORE_DISC__MAX; i++) {
		o = json_object_new_object();
		snprintf(a, sizeof(a), "%s (%s)", disc_labels[i],
		    score_disc_name((enum score_disc)i));
		add_str(o, "label", a);
		json_object_object_add(o, "value", json_object_new_int(f.disc[i]));
		json_object_array_add(arr, o);
	}
	charts = json_object_new_array();
	json_object_array_add(charts, share_chart("disc", "DISC styles", "Style",
	    "Clients' primary style, % of completed assessments",
	    "Bar chart of the clients' primary DISC styles; the figures follow in a table.",
	    arr));
	arr = json_object_new_array();
	for (int i = 0; i < SCORE_PHASE__MAX; i++) {
		o = json_object_new_object();
		add_str(o, "label", score_phase_name((enum score_phase)i));
		json_object_object_add(o, "value", json_object_new_int(f.phase[i]));
		json_object_array_add(arr, o);
	}
	json_object_array_add(charts, share_chart("phases", "Financial phases", "Phase",
	    "Clients' primary phase, % of completed assessments",
	    "Bar chart of the clients' primary financial phases; the figures follow in a table.",
	    arr));
	json_object_object_add(ctx, "shareCharts", charts);
	st = web_render(r, 200, "admin_analytics", ctx);
	in_free(&errs);
	return st;
}

/* --- charts ----------------------------------------------------------- */

/* The top of a count axis: 4 × a round step, at least max (and 4). */
static int
axis_top(long long max)
{
	static const int	 steps[] = { 1, 2, 3, 5 };
	long long		 scale = 1;

	for (;;) {
		for (size_t i = 0; i < NELEM(steps); i++)
			if (4 * steps[i] * scale >= max)
				return (int)(4 * steps[i] * scale);
		if ((scale *= 10) > 100000000)
			return 2000000000;
	}
}

/*
 * GET /charts/admin/:chart (completions.png, disc.png, phases.png): a PNG
 * of completed assessments per day or week, or of the DISC or phase
 * distribution, for the period of ?startDate=&endDate= (as the API reads
 * them; by default the last 30 days); ?size=small draws the completions
 * narrower, for phones.  200 image/png; 400 for a bad date; 404 for
 * another chart.
 */
int
web_chart_admin(struct req *r)
{
	const char		*chart = r->params[0];
	struct admin_period	 p;
	struct admin_figures	 f;
	struct admin_series	 s;
	struct in		 errs;
	struct chart_bar	 bars[ADMIN_BUCKETS_MAX];
	struct chart_opts	 o;
	char			 labels[ADMIN_BUCKETS_MAX][32];
	long long		 max = 0;
	int			 best = 0, n;
	void			*png = NULL;
	size_t			 len = 0;
	enum app_err		 rc;

	if (strcmp(chart, "completions.png") != 0 && strcmp(chart, "disc.png") != 0 &&
	    strcmp(chart, "phases.png") != 0)
		return resp_error(r, RESP_NOT_FOUND, "There is no such chart.", NULL);
	in_init(&errs, NULL);
	if (!period_from_query(r, &errs, &p)) {
		in_free(&errs);
		return resp_error(r, RESP_VALIDATION_ERROR,
		    "The period's dates must be ISO 8601 dates, the end not before the start.",
		    NULL);
	}
	memset(bars, 0, sizeof(bars));
	memset(&o, 0, sizeof(o));
	o.height = 230;
	if (strcmp(chart, "completions.png") == 0) {
		if (admin_completions_get(r->app->db, &p, &s) != APP_OK)
			return resp_db_error(r);
		for (int i = 0; i < s.n; i++) {
			bucket_label(&s, i, false, labels[i], sizeof(labels[i]));
			bars[i].label = labels[i];
			bars[i].value = s.count[i] > 2000000000 ? 2000000000 : (int)s.count[i];
			if (s.count[i] > max)
				max = s.count[i];
		}
		n = s.n;
		o.width = req_query(r, "size") != NULL &&
		    strcmp(req_query(r, "size"), "small") == 0 ? 360 : 720;
		o.max = axis_top(max);
	} else {
		if (admin_figures_get(r->app->db, &p, &f) != APP_OK)
			return resp_db_error(r);
		n = strcmp(chart, "disc.png") == 0 ? SCORE_DISC__MAX : SCORE_PHASE__MAX;
		for (int i = 0; i < n; i++) {
			/* The words alone: the letters in the labels did not fit a phone. */
			if (n == SCORE_DISC__MAX) {
				snprintf(labels[i], sizeof(labels[i]), "%s", disc_labels[i]);
				bars[i].value = f.disc[i];
			} else {
				snprintf(labels[i], sizeof(labels[i]), "%s",
				    score_phase_name((enum score_phase)i));
				bars[i].value = f.phase[i];
			}
			bars[i].label = labels[i];
			if (bars[i].value > bars[best].value)
				best = i;
		}
		/* The most common one in the accent, as the reports mark a primary. */
		bars[best].highlight = bars[best].value > 0;
		o.width = 330;
	}
	if ((rc = chart_bars(bars, (size_t)n, &o, &png, &len)) != APP_OK) {
		LOG_ERROR(r->rid, "chart %s: %s", chart, app_strerror(rc));
		return resp_error(r, RESP_INTERNAL_ERROR, NULL, NULL);
	}
	free(r->raw);
	r->raw = png;
	r->rawlen = len;
	r->raw_type = "image/png";
	return resp_ok(r, 200, NULL);
}
