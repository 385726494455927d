/* analytics.c: GET /v1/admin/analytics. */
#include <time.h>

#include "admin.h"
#include "input.h"
#include "resp.h"
#include "serve.h"

#include "extern.h"

/*
 * Figures for the period [startDate, endDate] (ISO 8601 dates or UTC
 * date-times; a bare endDate date includes that whole day; defaults: the
 * last 30 days), by admin_period_parse and admin_figures_get (admin.h).
 * 200 {period, metrics, discDistribution, phaseDistribution}: the
 * distributions are the shares, in percent, of the period's completed
 * assessments by primary style and phase; averageCompletionTime is in
 * minutes from the first answer to completion.  400 VALIDATION_ERROR for
 * a malformed date or an endDate before startDate.
 */
int
admin_analytics(struct req *r)
{
	struct admin_period	 p;
	struct admin_figures	 f;
	struct in		 errs;

	in_init(&errs, NULL);
	if (!admin_period_parse(req_query(r, "startDate"), req_query(r, "endDate"),
	    time(NULL), &errs, &p))
		return in_fail(r, &errs);
	if (admin_figures_get(r->app->db, &p, &f) != APP_OK)
		return resp_db_error(r);
	return resp_ok(r, 200, admin_figures_json(&p, &f));
}
