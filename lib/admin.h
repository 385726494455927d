/*
 * admin.h: what admins do, shared by the admin API (cgi-bin/admin) and the
 * web UI's admin pages (cgi-bin/web/admin.c), so that both apply the same
 * rules: changing a user's role and status (with its guards, session
 * revocation and audit), and the analytics of a period.
 */
#ifndef RISE_ADMIN_H
#define RISE_ADMIN_H

#include <stdbool.h>
#include <time.h>

#include <json-c/json.h>

#include "input.h"
#include "request.h"
#include "score.h"

/* The outcome of admin_user_change. */
enum admin_change {
	ADMIN_CHANGED,		/* done and audited */
	ADMIN_NOT_FOUND,	/* 404: no such user (or not an id) */
	ADMIN_SELF,		/* 403: an admin cannot suspend, delete or demote themselves */
	ADMIN_LAST_ADMIN,	/* 409: that would leave no active admin */
	ADMIN_DB_ERROR,		/* answer with resp_db_error */
};

/*
 * Sets user id's role ("admin", "consultant") and status ("active",
 * "suspended", "deleted"), either NULL to keep it, inside the request's
 * transaction, as r->who.  The caller has validated the values.  The
 * active admins are locked first, then the user, always in that order, so
 * that two admins demoting each other cannot both succeed.  A status other
 * than active revokes every session of the user.  The change is audited
 * as "user.update" with the user before and after (admin view).  On
 * ADMIN_CHANGED, *after (if after is not NULL) is the user as now stored,
 * admin view, which the caller owns; otherwise it is NULL.
 */
enum admin_change admin_user_change(struct req *, const char *id,
		    const char *role, const char *status, json_object **after);

/* A period of the analytics: [start, end], both inclusive, in epoch seconds. */
struct admin_period {
	time_t	 start;
	time_t	 end;
};

/*
 * Reads a period as GET /v1/admin/analytics takes it: startDate and
 * endDate (either NULL) are ISO 8601 dates or UTC date-times; a bare
 * endDate date includes that whole day; without endDate the period ends
 * at now, without startDate it starts 30 days before its end.  Records
 * "Must be an ISO 8601 date or date-time" or "Must not be before
 * startDate" in errs under the parameter's name.  Returns in_ok(errs).
 */
bool		 admin_period_parse(const char *start, const char *end,
		    time_t now, struct in *errs, struct admin_period *);

/* The figures of a period, as GET /v1/admin/analytics reports them. */
struct admin_figures {
	long long	 total_users;	/* not deleted, created by the end */
	long long	 active_users;	/* active, signed in during the period */
	long long	 assessments;	/* created during the period */
	long long	 completed;	/* completed during the period */
	long long	 reports;	/* reports ready during the period */
	long long	 avg_minutes;	/* first answer to completion */
	/* Shares in percent (adding up to 100, or all 0) of the completed. */
	int		 disc[SCORE_DISC__MAX];
	int		 phase[SCORE_PHASE__MAX];
};

/* Reads the figures.  Returns APP_OK or APP_ERR_DB (for resp_db_error). */
enum app_err	 admin_figures_get(struct db *, const struct admin_period *,
		    struct admin_figures *);

/*
 * The API's object {period, metrics, discDistribution, phaseDistribution};
 * the caller owns it.
 */
json_object	*admin_figures_json(const struct admin_period *,
		    const struct admin_figures *);

#define ADMIN_BUCKETS_MAX	12

/*
 * Completed assessments over a period, in at most ADMIN_BUCKETS_MAX
 * buckets: a day each for up to 12 days, else a week, or as many weeks as
 * keep the count at 12.  The last bucket ends with the period; the first
 * starts with it and may be shorter than the others.
 */
struct admin_series {
	int		 n;			/* buckets */
	int		 days;			/* width of a bucket: 1, 7, 14, ... */
	time_t		 start[ADMIN_BUCKETS_MAX];	/* each bucket's first second */
	time_t		 end[ADMIN_BUCKETS_MAX];	/* and its last, inclusive */
	long long	 count[ADMIN_BUCKETS_MAX];
};

/* Lays out the buckets of the period in s, all counts 0.  No I/O. */
void		 admin_series_plan(const struct admin_period *, struct admin_series *);

/* Lays out and counts the series.  Returns APP_OK or APP_ERR_DB. */
enum app_err	 admin_completions_get(struct db *, const struct admin_period *,
		    struct admin_series *);

#endif
