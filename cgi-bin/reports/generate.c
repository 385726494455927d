/* generate.c: POST /v1/reports/:assessmentId/generate. */
#include <stdio.h>
#include <string.h>

#include "assess.h"
#include "input.h"
#include "resp.h"
#include "serve.h"

#include "extern.h"

/*
 * Queues a report of a completed assessment and answers at once.  200
 * {reportId, assessmentId, reportType, status "processing", estimatedTime
 * (seconds)}; 400 VALIDATION_ERROR for a bad reportType; 404 if the
 * assessment is not the caller's; 409 ASSESSMENT_NOT_COMPLETED; 429 past
 * 10 a minute per user.
 */
int
rpt_generate(struct req *r)
{
	static const char *const types[] = { "consultant", "client", NULL };
	struct in	 in;
	const char	*type, *aid = r->params[0], *owner;
	char		 id[UTIL_ID_MAX];
	PGresult	*a = NULL, *res;
	json_object	*out;
	long long	 pending;
	int		 st;

	in_init(&in, r->json);
	in_only(&in, (const char *const[]){ "reportType", NULL }, "Unknown field");
	type = in_enum(&in, "reportType", IN_REQUIRED, types);
	if (!in_ok(&in)) {
		st = in_fail(r, &in);
		goto out;
	}
	if (!util_id_valid(aid, "asm_")) {
		st = resp_error(r, RESP_NOT_FOUND, "Assessment not found", NULL);
		goto out;
	}
	owner = strcmp(r->who.role, "admin") == 0 ? "" : r->who.user_id;
	if ((a = DB_Q(r->app->db, STMT_ASM_GET, aid, owner)) == NULL) {
		st = resp_db_error(r);
		goto out;
	}
	if (PQntuples(a) != 1) {
		st = resp_error(r, RESP_NOT_FOUND, "Assessment not found", NULL);
		goto out;
	}
	if (strcmp(db_get(a, 0, AC_STATUS), "completed") != 0) {
		st = resp_error(r, RESP_ASSESSMENT_NOT_COMPLETED,
		    "Reports can be generated once the assessment is completed", NULL);
		goto out;
	}
	if (util_id(id, "rpt_") != APP_OK) {
		st = resp_error(r, RESP_INTERNAL_ERROR, NULL, NULL);
		goto out;
	}
	if ((res = DB_Q(r->app->db, STMT_REPORT_INSERT, id, db_get(a, 0, AC_ORG),
	    aid, r->who.user_id, type)) == NULL) {
		st = resp_db_error(r);
		goto out;
	}
	PQclear(res);
	if ((res = DB_Q(r->app->db, STMT_REPORT_NOTIFY, id)) == NULL ||
	    (PQclear(res), res = DB_Q0(r->app->db, STMT_REPORT_PENDING)) == NULL) {
		st = resp_db_error(r);
		goto out;
	}
	pending = db_getll(res, 0, 0);
	PQclear(res);
	out = json_object_new_object();
	json_object_object_add(out, "reportId", json_object_new_string(id));
	json_object_object_add(out, "assessmentId", json_object_new_string(aid));
	json_object_object_add(out, "reportType", json_object_new_string(type));
	json_object_object_add(out, "status", json_object_new_string("processing"));
	/* A report renders in well under a second; queued ones wait their turn. */
	json_object_object_add(out, "estimatedTime",
	    json_object_new_int64(1 + pending / 20));
	st = resp_ok(r, 200, out);
out:
	PQclear(a);
	in_free(&in);
	return st;
}
