/* analytics.c: GET /v1/admin/analytics. */
#include <stdio.h>
#include <string.h>

#include "input.h"
#include "resp.h"
#include "score.h"
#include "serve.h"

#include "extern.h"

/* A date without a time ends at 23:59:59 when it closes a period. */
static bool
date_only(const char *s)
{
	return strlen(s) == 10;
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

/* names[i] → percentage, from the {"name": count} object text. */
static json_object *
distribution(const char *counts_json, const char *(*name)(int), int n)
{
	json_object	*in = json_tokener_parse(counts_json), *v, *o;
	long long	 counts[16];
	int		 pct[16];

	for (int i = 0; i < n; i++)
		counts[i] = in && json_object_object_get_ex(in, name(i), &v) ?
		    json_object_get_int64(v) : 0;
	json_object_put(in);
	percentages(counts, n, pct);
	o = json_object_new_object();
	for (int i = 0; i < n; i++)
		json_object_object_add(o, name(i), json_object_new_int(pct[i]));
	return o;
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

/*
 * Figures for the period [startDate, endDate] (ISO 8601 dates or UTC
 * date-times; a bare endDate date includes that whole day; defaults: the
 * last 30 days).  200 {period, metrics, discDistribution,
 * phaseDistribution}: the distributions are the shares, in percent, of
 * the period's completed assessments by primary style and phase;
 * averageCompletionTime is in minutes from the first answer to
 * completion.  400 VALIDATION_ERROR for a malformed date or an endDate
 * before startDate.
 */
int
admin_analytics(struct req *r)
{
	const char	*s = req_query(r, "startDate"), *e = req_query(r, "endDate");
	struct in	 errs;
	time_t		 start, end;
	char		 a[24], b[24], ts[UTIL_TIME_MAX];
	PGresult	*res;
	json_object	*out, *period, *m;

	in_init(&errs, NULL);
	end = time(NULL);
	if (e != NULL) {
		if (!util_time_parse(e, &end))
			in_error(&errs, "endDate", "Must be an ISO 8601 date or date-time");
		else if (date_only(e))
			end += 86399;
	}
	start = end - 30 * 86400;
	if (s != NULL && !util_time_parse(s, &start))
		in_error(&errs, "startDate", "Must be an ISO 8601 date or date-time");
	if (in_ok(&errs) && start > end)
		in_error(&errs, "endDate", "Must not be before startDate");
	if (!in_ok(&errs))
		return in_fail(r, &errs);
	snprintf(a, sizeof(a), "%lld", (long long)start);
	snprintf(b, sizeof(b), "%lld", (long long)end);
	if ((res = DB_Q(r->app->db, STMT_ADMIN_ANALYTICS, a, b)) == NULL)
		return resp_db_error(r);
	out = json_object_new_object();
	period = json_object_new_object();
	util_time_iso(ts, start);
	json_object_object_add(period, "startDate", json_object_new_string(ts));
	util_time_iso(ts, end);
	json_object_object_add(period, "endDate", json_object_new_string(ts));
	json_object_object_add(out, "period", period);
	m = json_object_new_object();
	json_object_object_add(m, "totalUsers", json_object_new_int64(db_getll(res, 0, 0)));
	json_object_object_add(m, "activeUsers", json_object_new_int64(db_getll(res, 0, 1)));
	json_object_object_add(m, "totalAssessments", json_object_new_int64(db_getll(res, 0, 2)));
	json_object_object_add(m, "completedAssessments",
	    json_object_new_int64(db_getll(res, 0, 3)));
	json_object_object_add(m, "reportsGenerated", json_object_new_int64(db_getll(res, 0, 4)));
	json_object_object_add(m, "averageCompletionTime",
	    json_object_new_int64(db_getll(res, 0, 5)));
	json_object_object_add(out, "metrics", m);
	json_object_object_add(out, "discDistribution",
	    distribution(db_get(res, 0, 6), disc_name, SCORE_DISC__MAX));
	json_object_object_add(out, "phaseDistribution",
	    distribution(db_get(res, 0, 7), phase_name, SCORE_PHASE__MAX));
	PQclear(res);
	return resp_ok(r, 200, out);
}
