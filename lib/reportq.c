/* reportq.c: queueing, listing and downloading reports. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "db.h"
#include "reportq.h"
#include "resp.h"
#include "serve.h"

int
reportq_add(struct req *r, struct in *in, const char *aid, struct reportq_job *job)
{
	static const char *const types[] = { "consultant", "client", NULL };
	static const char *const fields[] = { "reportType", NULL };
	const char	*owner;
	PGresult	*a = NULL, *res;
	int		 st;

	memset(job, 0, sizeof(*job));
	in_only(in, fields, "Unknown field");
	job->type = in_enum(in, "reportType", IN_REQUIRED, types);
	if (!in_ok(in))
		return 400;
	if (aid == NULL || !util_id_valid(aid, "asm_"))
		return resp_error(r, RESP_NOT_FOUND, "Assessment not found", NULL);
	owner = strcmp(r->who.role, "admin") == 0 ? "" : r->who.user_id;
	if ((a = DB_Q(r->app->db, STMT_ASM_GET, aid, owner)) == NULL)
		return resp_db_error(r);
	if (PQntuples(a) != 1) {
		st = resp_error(r, RESP_NOT_FOUND, "Assessment not found", NULL);
		goto out;
	}
	if (strcmp(db_get(a, 0, AC_STATUS), "completed") != 0) {
		st = resp_error(r, RESP_ASSESSMENT_NOT_COMPLETED,
		    "Reports can be generated once the assessment is completed", NULL);
		goto out;
	}
	if (util_id(job->id, "rpt_") != APP_OK) {
		st = resp_error(r, RESP_INTERNAL_ERROR, NULL, NULL);
		goto out;
	}
	if ((res = DB_Q(r->app->db, STMT_REPORT_INSERT, job->id, db_get(a, 0, AC_ORG),
	    aid, r->who.user_id, job->type)) == NULL) {
		st = resp_db_error(r);
		goto out;
	}
	PQclear(res);
	if ((res = DB_Q(r->app->db, STMT_REPORT_NOTIFY, job->id)) == NULL ||
	    (PQclear(res), res = DB_Q0(r->app->db, STMT_REPORT_PENDING)) == NULL) {
		st = resp_db_error(r);
		goto out;
	}
	job->pending = db_getll(res, 0, 0);
	PQclear(res);
	st = 0;
out:
	PQclear(a);
	return st;
}

json_object *
reportq_list(struct req *r, const char *aid)
{
	const char	*owner;
	PGresult	*res;
	json_object	*arr, *o;
	int		 i;

	owner = strcmp(r->who.role, "admin") == 0 ? "" : r->who.user_id;
	if ((res = DB_Q(r->app->db, STMT_REPORT_LIST, aid, owner)) == NULL) {
		resp_db_error(r);
		return NULL;
	}
	arr = json_object_new_array();
	for (i = 0; i < PQntuples(res); i++) {
		o = json_object_new_object();
		json_object_object_add(o, "id", db_json_str(res, i, 0));
		json_object_object_add(o, "reportType", db_json_str(res, i, 1));
		json_object_object_add(o, "status", db_json_str(res, i, 2));
		json_object_object_add(o, "error", strcmp(db_get(res, i, 2), "failed") == 0 ?
		    db_json_str(res, i, 3) : NULL);
		json_object_object_add(o, "createdAt", db_json_time(res, i, 4));
		json_object_object_add(o, "generatedAt", db_json_time(res, i, 5));
		json_object_object_add(o, "pages", db_null(res, i, 6) ? NULL :
		    json_object_new_int((int)db_getll(res, i, 6)));
		json_object_array_add(arr, o);
	}
	PQclear(res);
	return arr;
}

int
reportq_pdf(struct req *r, const char *id, const char *owner)
{
	char		 disp[256];
	unsigned char	*pdf;
	size_t		 len;
	PGresult	*res;

	if (id == NULL || !util_id_valid(id, "rpt_"))
		return resp_error(r, RESP_NOT_FOUND, "Report not found", NULL);
	if ((res = DB_Q(r->app->db, STMT_REPORT_PDF, id, owner)) == NULL)
		return resp_db_error(r);
	if (PQntuples(res) != 1) {
		PQclear(res);
		return resp_error(r, RESP_NOT_FOUND, "Report not found", NULL);
	}
	pdf = PQunescapeBytea((const unsigned char *)db_get(res, 0, 0), &len);
	if (pdf == NULL || (r->raw = malloc(len)) == NULL) {
		PQfreemem(pdf);
		PQclear(res);
		return resp_error(r, RESP_INTERNAL_ERROR, NULL, NULL);
	}
	memcpy(r->raw, pdf, len);
	PQfreemem(pdf);
	r->rawlen = len;
	r->raw_type = "application/pdf";
	/* file_name is made by the worker from [A-Za-z0-9-] only. */
	snprintf(disp, sizeof(disp), "attachment; filename=\"%s\"", db_get(res, 0, 1));
	PQclear(res);
	if (resp_header(r, "Content-Disposition", disp) != APP_OK)
		return resp_error(r, RESP_INTERNAL_ERROR, NULL, NULL);
	r->status = 200;
	r->error = false;
	return 200;
}
