/* get.c: GET /v1/reports/:reportId. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "resp.h"
#include "serve.h"
#include "sign.h"

#include "extern.h"

/*
 * The report's state.  200 {reportId, assessmentId, reportType, status,
 * downloadUrl, expiresAt, generatedAt} (the link and its expiry once
 * ready; "error" once failed); 404 if it is not the caller's.
 */
int
rpt_get(struct req *r)
{
	const char	*id = r->params[0], *owner;
	char		 sig[SIGN_MAX], ts[UTIL_TIME_MAX], *url;
	time_t		 exp;
	PGresult	*res;
	json_object	*o;
	bool		 ready;
	int		 st;

	if (!util_id_valid(id, "rpt_"))
		return resp_error(r, RESP_NOT_FOUND, "Report not found", NULL);
	owner = strcmp(r->who.role, "admin") == 0 ? "" : r->who.user_id;
	if ((res = DB_Q(r->app->db, STMT_REPORT_GET, id, owner)) == NULL)
		return resp_db_error(r);
	if (PQntuples(res) != 1) {
		PQclear(res);
		return resp_error(r, RESP_NOT_FOUND, "Report not found", NULL);
	}
	ready = strcmp(db_get(res, 0, 3), "ready") == 0;
	o = json_object_new_object();
	json_object_object_add(o, "reportId", db_json_str(res, 0, 0));
	json_object_object_add(o, "assessmentId", db_json_str(res, 0, 1));
	json_object_object_add(o, "reportType", db_json_str(res, 0, 2));
	json_object_object_add(o, "status", db_json_str(res, 0, 3));
	url = NULL;
	if (ready) {
		exp = time(NULL) + r->app->cfg.report_link_ttl;
		sign_make(&r->app->key, "report", id, exp, sig);
		if (asprintf(&url, "%s/v1/reports/%s/download?expires=%lld&sig=%s",
		    r->app->cfg.public_base_url, id, (long long)exp, sig) < 0)
			url = NULL;
		util_time_iso(ts, exp);
	}
	json_object_object_add(o, "downloadUrl", url ? json_object_new_string(url) : NULL);
	json_object_object_add(o, "expiresAt", ready ? json_object_new_string(ts) : NULL);
	json_object_object_add(o, "generatedAt", db_json_time(res, 0, 5));
	if (!db_null(res, 0, 7))
		json_object_object_add(o, "pages",
		    json_object_new_int((int)db_getll(res, 0, 7)));
	if (strcmp(db_get(res, 0, 3), "failed") == 0)
		json_object_object_add(o, "error", db_json_str(res, 0, 4));
	free(url);
	PQclear(res);
	st = resp_ok(r, 200, o);
	return st;
}
