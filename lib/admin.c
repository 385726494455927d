/* admin.c: user changes and analytics for the admin API and the web UI. */
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "audit.h"
#include "db.h"
#include "serve.h"
#include "user.h"
#include "util.h"

enum admin_change
admin_user_change(struct req *r, const char *id, const char *role,
    const char *status, json_object **after)
{
	PGresult		*cur = NULL, *admins = NULL, *res = NULL, *rv;
	json_object		*before = NULL, *now = NULL;
	bool			 was_admin, stays_admin;
	int			 others = 0;
	enum admin_change	 rc;

	if (after != NULL)
		*after = NULL;
	if (!util_id_valid(id, "usr_"))
		return ADMIN_NOT_FOUND;
	/* Lock the active admins first, then the user, always in that order. */
	if ((admins = DB_Q0(r->app->db, STMT_ADMIN_LOCK_ADMINS)) == NULL ||
	    (cur = DB_Q(r->app->db, STMT_USER_GET_FOR_UPDATE, id)) == NULL) {
		rc = ADMIN_DB_ERROR;
		goto out;
	}
	if (PQntuples(cur) != 1) {
		rc = ADMIN_NOT_FOUND;
		goto out;
	}
	if (role == NULL)
		role = db_get(cur, 0, UC_ROLE);
	if (status == NULL)
		status = db_get(cur, 0, UC_STATUS);
	was_admin = strcmp(db_get(cur, 0, UC_ROLE), "admin") == 0 &&
	    strcmp(db_get(cur, 0, UC_STATUS), "active") == 0;
	stays_admin = strcmp(role, "admin") == 0 && strcmp(status, "active") == 0;
	if (strcmp(id, r->who.user_id) == 0 && !stays_admin) {
		rc = ADMIN_SELF;
		goto out;
	}
	for (int i = 0; i < PQntuples(admins); i++)
		others += strcmp(db_get(admins, i, 0), id) != 0;
	if (was_admin && !stays_admin && others == 0) {
		rc = ADMIN_LAST_ADMIN;
		goto out;
	}
	before = user_json(cur, 0, USER_VIEW_ADMIN);
	if ((res = DB_Q(r->app->db, STMT_ADMIN_USER_UPDATE, id, role, status)) == NULL ||
	    PQntuples(res) != 1) {
		rc = ADMIN_DB_ERROR;
		goto out;
	}
	now = user_json(res, 0, USER_VIEW_ADMIN);
	/* Suspended or deleted: signed out everywhere at once. */
	if (strcmp(status, "active") != 0) {
		if ((rv = DB_Q(r->app->db, STMT_SESSION_REVOKE_USER, id, "", status)) == NULL) {
			rc = ADMIN_DB_ERROR;
			goto out;
		}
		PQclear(rv);
	}
	if (audit_record(r, db_get(cur, 0, UC_ORG), "user.update", "user", id,
	    before, now) != APP_OK) {
		rc = ADMIN_DB_ERROR;
		goto out;
	}
	if (after != NULL) {
		*after = now;
		now = NULL;
	}
	rc = ADMIN_CHANGED;
out:
	json_object_put(before);
	json_object_put(now);
	PQclear(admins);
	PQclear(cur);
	PQclear(res);
	return rc;
}

/* A date without a time ends at 23:59:59 when it closes a period. */
static bool
date_only(const char *s)
{
	return strlen(s) == 10;
}

bool
admin_period_parse(const char *s, const char *e, time_t now, struct in *errs,
    struct admin_period *p)
{
	p->end = now;
	if (e != NULL) {
		if (!util_time_parse(e, &p->end))
			in_error(errs, "endDate", "Must be an ISO 8601 date or date-time");
		else if (date_only(e))
			p->end += 86399;
	}
	p->start = p->end - 30 * 86400;
	if (s != NULL && !util_time_parse(s, &p->start))
		in_error(errs, "startDate", "Must be an ISO 8601 date or date-time");
	if (in_ok(errs) && p->start > p->end)
		in_error(errs, "endDate", "Must not be before startDate");
	return in_ok(errs);
}

/*
 * Percentages of counts[n] that add up to exactly 100 (largest remainder),
 * or all 0 when there is nothing to count.
 */
static void
percentages(const long long *counts, int n, int *out)
{
	long long	total = 0, rem[16];
	int		sum = 0, best;

	for (int i = 0; i < n; i++)
		total += counts[i];
	for (int i = 0; i < n; i++) {
		out[i] = total ? (int)(counts[i] * 100 / total) : 0;
		rem[i] = total ? counts[i] * 100 % total : 0;
		sum += out[i];
	}
	while (total && sum < 100) {
		best = 0;
		for (int i = 1; i < n; i++)
			if (rem[i] > rem[best])
				best = i;
		out[best]++;
		rem[best] = -1;
		sum++;
	}
}

/* pct[i] for names[i], from the {"name": count} object text. */
static void
distribution(const char *counts_json, const char *(*name)(int), int n, int *pct)
{
	json_object	*in = json_tokener_parse(counts_json), *v;
	long long	 counts[16];

	for (int i = 0; i < n; i++)
		counts[i] = in && json_object_object_get_ex(in, name(i), &v) ?
		    json_object_get_int64(v) : 0;
	json_object_put(in);
	percentages(counts, n, pct);
}

static const char *
disc_name(int i)
{
	return score_disc_name((enum score_disc)i);
}

static const char *
phase_name(int i)
{
	return score_phase_name((enum score_phase)i);
}

enum app_err
admin_figures_get(struct db *db, const struct admin_period *p,
    struct admin_figures *f)
{
	char		 a[24], b[24];
	PGresult	*res;

	memset(f, 0, sizeof(*f));
	snprintf(a, sizeof(a), "%lld", (long long)p->start);
	snprintf(b, sizeof(b), "%lld", (long long)p->end);
	if ((res = DB_Q(db, STMT_ADMIN_ANALYTICS, a, b)) == NULL)
		return APP_ERR_DB;
	f->total_users = db_getll(res, 0, 0);
	f->active_users = db_getll(res, 0, 1);
	f->assessments = db_getll(res, 0, 2);
	f->completed = db_getll(res, 0, 3);
	f->reports = db_getll(res, 0, 4);
	f->avg_minutes = db_getll(res, 0, 5);
	distribution(db_get(res, 0, 6), disc_name, SCORE_DISC__MAX, f->disc);
	distribution(db_get(res, 0, 7), phase_name, SCORE_PHASE__MAX, f->phase);
	PQclear(res);
	return APP_OK;
}

json_object *
admin_figures_json(const struct admin_period *p, const struct admin_figures *f)
{
	json_object	*out, *period, *m, *d;
	char		 ts[UTIL_TIME_MAX];

	out = json_object_new_object();
	period = json_object_new_object();
	util_time_iso(ts, p->start);
	json_object_object_add(period, "startDate", json_object_new_string(ts));
	util_time_iso(ts, p->end);
	json_object_object_add(period, "endDate", json_object_new_string(ts));
	json_object_object_add(out, "period", period);
	m = json_object_new_object();
	json_object_object_add(m, "totalUsers", json_object_new_int64(f->total_users));
	json_object_object_add(m, "activeUsers", json_object_new_int64(f->active_users));
	json_object_object_add(m, "totalAssessments", json_object_new_int64(f->assessments));
	json_object_object_add(m, "completedAssessments", json_object_new_int64(f->completed));
	json_object_object_add(m, "reportsGenerated", json_object_new_int64(f->reports));
	json_object_object_add(m, "averageCompletionTime",
	    json_object_new_int64(f->avg_minutes));
	json_object_object_add(out, "metrics", m);
	d = json_object_new_object();
	for (int i = 0; i < SCORE_DISC__MAX; i++)
		json_object_object_add(d, disc_name(i), json_object_new_int(f->disc[i]));
	json_object_object_add(out, "discDistribution", d);
	d = json_object_new_object();
	for (int i = 0; i < SCORE_PHASE__MAX; i++)
		json_object_object_add(d, phase_name(i), json_object_new_int(f->phase[i]));
	json_object_object_add(out, "phaseDistribution", d);
	return out;
}

void
admin_series_plan(const struct admin_period *p, struct admin_series *s)
{
	long long	 len = (long long)(p->end - p->start) + 1, days, w;

	memset(s, 0, sizeof(*s));
	if (len < 1)
		len = 1;
	days = (len + 86399) / 86400;
	if (days <= ADMIN_BUCKETS_MAX)
		s->days = 1;
	else	/* whole weeks, as few as keep the count at 12 */
		s->days = (int)(7 * ((days + 7 * ADMIN_BUCKETS_MAX - 1) /
		    (7 * ADMIN_BUCKETS_MAX)));
	w = (long long)s->days * 86400;
	s->n = (int)((len + w - 1) / w);
	/* Whole buckets back from the end: only the oldest may be shorter. */
	for (int i = 0; i < s->n; i++) {
		s->end[i] = p->end - (time_t)((s->n - 1 - i) * w);
		s->start[i] = i == 0 ? p->start : s->end[i] - (time_t)w + 1;
	}
}

enum app_err
admin_completions_get(struct db *db, const struct admin_period *p,
    struct admin_series *s)
{
	char		 a[24], e[24], ws[24];
	long long	 b;
	PGresult	*res;

	admin_series_plan(p, s);
	snprintf(a, sizeof(a), "%lld", (long long)p->start);
	snprintf(e, sizeof(e), "%lld", (long long)p->end);
	snprintf(ws, sizeof(ws), "%lld", (long long)s->days * 86400);
	if ((res = DB_Q(db, STMT_ADMIN_COMPLETIONS, a, e, ws)) == NULL)
		return APP_ERR_DB;
	for (int i = 0; i < PQntuples(res); i++) {
		b = s->n - 1 - db_getll(res, i, 0);
		if (b >= 0 && b < s->n)
			s->count[b] += db_getll(res, i, 1);
	}
	PQclear(res);
	return APP_OK;
}
